/**
 * pythonReError against python3's own re.compile: the issue-14 cases, then a few thousand
 * patterns generated from regex tokens (groups, classes, escapes, repeats, flags, look-behinds),
 * each judged by Python at test time. Every verdict and every error text must be Python's.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonReError } from '../../../src/text/python-re-syntax.js';

/** Python's verdict for each pattern: null (compiles) or `Type: message`. */
function pythonVerdicts(patterns: string[]): (string | null)[] {
  const script = `
import json, re, sys, warnings
warnings.simplefilter('ignore')
out = []
for p in json.load(sys.stdin):
    try:
        re.compile(p)
        out.append(None)
    except re.error as e:
        out.append('re.error: ' + str(e))
    except Exception as e:
        out.append(type(e).__name__ + ': ' + str(e))
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(patterns), encoding: 'utf8', maxBuffer: 64 << 20 }));
}

function ours(pattern: string): string | null {
  const err = pythonReError(pattern);
  return err ? `${err.pyType}: ${err.message}` : null;
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

const TOKENS = [
  'a', 'b', '.', '^', '$', '|', '(', ')', '[', ']', '[^', '-', '*', '+', '?', '*?', '+?', '{2}', '{1,3}',
  '{3,1}', '{,2}', '{', '}', '(?:', '(?P<n>', '(?P<1>', '(?P=n)', '(?P=m)', '(?=', '(?!', '(?<=', '(?<!',
  '(?<x', '(?#c)', '(?#', '(?i)', '(?x)', '(?-i:', '(?i-i:', '(?q)', '(?P', '(?', '(?(1)', '(?(n)', '\\1',
  '\\2', '\\0', '\\10', '\\400', '\\x4', '\\x41', '\\u12', '\\d', '\\w', '\\b', '\\B', '\\A', '\\Z', '\\q',
  '\\e', '\\', '\\-', '\\]', 'z-a', ' ', '#', '\n', 'é', '(?>', '\\N{', '\\N{EM DASH}', '\\N{x!}', '{1,}', 'a{99999999999}',
];

function generated(count: number, seed: number): string[] {
  const next = rng(seed);
  const out = new Set<string>();
  while (out.size < count) {
    const n = 1 + Math.floor(next() * 6);
    let p = '';
    for (let i = 0; i < n; i++) p += TOKENS[Math.floor(next() * TOKENS.length)];
    out.add(p);
  }
  return [...out];
}

const ISSUE_CASES = ['(', '*', '())', '[', '\\q', 'a**', '(?<=a+)b', '(?P<n>a)(?P<n>b)', 'x{2,1}', '(?i)a(?m)'];

describe('pythonReError: Python re.error texts', () => {
  it('the reported cases', () => {
    const verdicts = pythonVerdicts(ISSUE_CASES);
    expect(ISSUE_CASES.map(ours)).toEqual(verdicts);
    expect(ours('(')).toBe('re.error: missing ), unterminated subpattern at position 0');
  });

  it('3000 generated patterns, each as python3 judges it', () => {
    const patterns = generated(Number(process.env.RE_N ?? 3000), Number(process.env.RE_SEED ?? 14));
    const verdicts = pythonVerdicts(patterns);
    const wrong = patterns
      .map((p, i) => ({ pattern: p, python: verdicts[i], flotilla: ours(p) }))
      .filter((r) => r.python !== r.flotilla);
    expect(wrong.slice(0, 10)).toEqual([]);
    // The generator reaches both sides: many errors, many valid patterns.
    expect(verdicts.filter((v) => v === null).length).toBeGreaterThan(100);
    expect(new Set(verdicts.filter(Boolean).map((v) => v!.replace(/ at position.*/, ''))).size).toBeGreaterThan(20);
  });
});
