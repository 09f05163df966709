/**
 * ansible.cfg's syntax against its oracle: Python's configparser as Ansible's ConfigManager
 * builds it (inline_comment_prefixes=(';',), values read raw). Generated files mix the
 * constructs whose rules interact: comments (full-line, inline, `;` inside a word),
 * continuation lines and blank lines inside them, both delimiters, duplicate sections and
 * options, DEFAULT, options before any section, bad lines and odd whitespace.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIni } from '../../../src/config/ini-parser.js';

const ORACLE = `
import configparser, json, sys
out = []
for text in json.load(sys.stdin):
    p = configparser.ConfigParser(inline_comment_prefixes=(';',))
    try:
        p.read_string(text)
        out.append({'ok': {s: {k: p.get(s, k, raw=True) for k in p.options(s)} for s in p.sections()}})
    except configparser.Error as e:
        out.append({'error': str(e)})
print(json.dumps(out))
`;

function flotilla(text: string): { ok: Record<string, Record<string, string>> } | { error: string } {
  try {
    const sections = parseIni(text);
    return {
      ok: Object.fromEntries([...sections].map(([name, options]) => [name, Object.fromEntries(options)])),
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const pad = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\x0b');
const word = fc.constantFrom('forks', 'Roles_Path', 'x', 'a b', 'k;v', 'v ; c', '#x', '%(x)s', '\ufeffk', '');
const sectionName = fc.constantFrom('defaults', 'DEFAULT', 'ssh_connection', 'Defaults', 'a]b', ' x ');
const line = fc.oneof(
  fc.tuple(pad, sectionName, fc.constantFrom('', ' ; c', ' junk')).map(([p, s, t]) => `${p}[${s}]${t}`),
  fc
    .tuple(
      pad,
      word,
      pad,
      fc.constantFrom('=', ':', ' = ', ''),
      pad,
      word,
      fc.constantFrom('', ' ;c', '; c', ' # c'),
    )
    .map(([p1, k, p2, d, p3, v, c]) => `${p1}${k}${p2}${d}${p3}${v}${c}`),
  fc.tuple(pad, fc.constantFrom('# c', '; c', '')).map(([p, c]) => p + c),
  fc.tuple(fc.constantFrom('  ', '\t', '    '), word).map(([p, v]) => p + v),
);
const file = fc
  .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([ls, eol, final]) => ls.join(eol) + (final ? eol : ''));

describe('ansible.cfg syntax: Python configparser as the oracle', () => {
  it('reads generated files as configparser does, and fails them with its message', () => {
    const cases = fc.sample(file, { numRuns: 600, seed: 0x5eed });
    cases.push(
      '[defaults]\nforks = 7\n  more\n\n  after blank\n\n',
      '[defaults]\nforks = 7\nforks = 8\n',
      'forks = 7\n',
      '[defaults]\nbogus\n[x]\nalso bogus\n',
      '[DEFAULT]\nremote_user = a\n[defaults]\nforks=1\n',
      '[defaults]\nk = v;no comment ; comment\n',
      "[defaults]\nit's\n",
    );
    const expected = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORACLE], { input: JSON.stringify(cases) }).toString(),
    );
    const mismatches = cases
      .map((text, i) => ({ text, python: expected[i], flotilla: flotilla(text) }))
      .filter((c) => JSON.stringify(c.python) !== JSON.stringify(c.flotilla));
    expect(mismatches.slice(0, 3)).toEqual([]);
    // Both outcomes are exercised: files read, and each kind of error.
    const kinds = new Set(
      expected.map((e: { ok?: unknown; error?: string }) => (e.ok ? 'ok' : e.error?.split(/[ :]/)[0])),
    );
    expect([...kinds].sort()).toEqual(['File', 'Source', 'While', 'ok']);
  });
});
