/**
 * pythonReError against python3's own re.compile: the issue-14 cases, then a few thousand
 * patterns generated from regex tokens (groups, classes, escapes, repeats, flags, look-behinds),
 * each judged by Python at test time. Every verdict and every error text must be Python's.
 */
import { describe, expect, it } from 'vitest';
import { pythonReError } from '../../../src/text/python-re-syntax.js';
import { generatedPatterns, pythonVerdicts } from '../../support/regex-patterns.js';

function ours(pattern: string, bytes = false): string | null {
  const err = pythonReError(pattern, { bytes });
  return err ? `${err.pyType}: ${err.message}` : null;
}

const ISSUE_CASES = [
  '(',
  '*',
  '())',
  '[',
  '\\q',
  'a**',
  '(?<=a+)b',
  '(?P<n>a)(?P<n>b)',
  'x{2,1}',
  '(?i)a(?m)',
];

describe('pythonReError: Python re.error texts', () => {
  it('the reported cases', () => {
    const verdicts = pythonVerdicts(ISSUE_CASES);
    expect(ISSUE_CASES.map((p) => ours(p))).toEqual(verdicts);
    expect(ours('(')).toBe('re.error: missing ), unterminated subpattern at position 0');
  });

  it('3000 generated patterns, each as python3 judges it', () => {
    const patterns = generatedPatterns(Number(process.env.RE_N ?? 3000), Number(process.env.RE_SEED ?? 14));
    const verdicts = pythonVerdicts(patterns);
    const wrong = patterns
      .map((p, i) => ({ pattern: p, python: verdicts[i], flotilla: ours(p) }))
      .filter((r) => r.python !== r.flotilla);
    expect(wrong.slice(0, 10)).toEqual([]);
    // The generator reaches both sides: many errors, many valid patterns.
    expect(verdicts.filter((v) => v === null).length).toBeGreaterThan(100);
    expect(
      new Set(verdicts.filter(Boolean).map((v) => v!.replace(/ at position.*/, ''))).size,
    ).toBeGreaterThan(20);
  });

  it('1000 generated patterns compiled as bytes (lineinfile, blockinfile, wait_for)', () => {
    const patterns = [...generatedPatterns(1000, 41), '(?u)a', '(?L)a', '\\u1234', 'é(', '(?P<é>a)'];
    const verdicts = pythonVerdicts(patterns, true);
    const wrong = patterns
      .map((p, i) => ({ pattern: p, python: verdicts[i], flotilla: ours(p, true) }))
      .filter((r) => r.python !== r.flotilla);
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
