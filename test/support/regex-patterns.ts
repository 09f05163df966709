/**
 * Regex patterns generated from tokens (groups, classes, escapes, repeats, inline flags,
 * look-behinds), and python3's own verdict on each: what Python's re.compile says is the
 * oracle for flotilla's Python `re` syntax check (src/text/python-re-syntax.ts).
 */
import { execFileSync } from 'node:child_process';

/**
 * Python's verdict for each pattern: null (compiles) or `Type: message`. `bytes`: compiled
 * as its UTF-8 bytes, as lineinfile does.
 */
export function pythonVerdicts(patterns: string[], bytes = false): (string | null)[] {
  const script = `
import json, re, sys, warnings
warnings.simplefilter('ignore')
out = []
for p in json.load(sys.stdin):
    try:
        re.compile(p.encode() if ${bytes ? 'True' : 'False'} else p)
        out.append(None)
    except re.error as e:
        out.append('re.error: ' + str(e))
    except Exception as e:
        out.append(type(e).__name__ + ': ' + str(e))
print(json.dumps(out))
`;
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script], {
      input: JSON.stringify(patterns),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }),
  );
}

/** A small seeded PRNG (mulberry32), so a failure names a pattern that stays the same. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// biome-ignore format: one token list, read as a table
const TOKENS = [
  'a', 'b', '.', '^', '$', '|', '(', ')', '[', ']', '[^', '-', '*', '+', '?', '*?', '+?', '{2}', '{1,3}',
  '{3,1}', '{,2}', '{', '}', '(?:', '(?P<n>', '(?P<1>', '(?P=n)', '(?P=m)', '(?=', '(?!', '(?<=', '(?<!',
  '(?<x', '(?#c)', '(?#', '(?i)', '(?x)', '(?-i:', '(?i-i:', '(?q)', '(?P', '(?', '(?(1)', '(?(n)', '\\1',
  '\\2', '\\0', '\\10', '\\400', '\\x4', '\\x41', '\\u12', '\\d', '\\w', '\\b', '\\B', '\\A', '\\Z', '\\q',
  '\\e', '\\', '\\-', '\\]', 'z-a', ' ', '#', '\n', 'é', '(?>', '\\N{', '\\N{EM DASH}', '\\N{x!}', '{1,}',
  'a{99999999999}',
];

/** `count` distinct patterns of 1 to 6 tokens. */
export function generatedPatterns(count: number, seed: number, maxTokens = 6): string[] {
  const next = rng(seed);
  const out = new Set<string>();
  while (out.size < count) {
    const n = 1 + Math.floor(next() * maxTokens);
    let p = '';
    for (let i = 0; i < n; i++) p += TOKENS[Math.floor(next() * TOKENS.length)];
    out.add(p);
  }
  return [...out];
}
