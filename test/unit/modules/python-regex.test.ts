import { describe, expect, it } from 'vitest';
import { expandTemplate, pyRegex, pySub } from '../../../src/modules/util/python-regex.js';

describe('pyRegex', () => {
  it('converts named groups and named backreferences', () => {
    const re = pyRegex('(?P<word>\\w+) (?P=word)');
    expect(re.exec('hey hey you')?.groups?.word).toBe('hey');
  });

  it('converts \\A and \\Z and leading inline flags', () => {
    expect(pyRegex('\\Afoo').test('xfoo')).toBe(false);
    expect(pyRegex('bar\\Z', 'm').test('bar\nx')).toBe(false);
    expect(pyRegex('bar\\Z', 'm').test('x\nbar')).toBe(true);
    expect(pyRegex('(?i)HELLO').test('hello')).toBe(true);
  });

  it('leaves character classes alone', () => {
    expect(pyRegex('[(?P<]+').test('(?P<')).toBe(true);
    expect(pyRegex('[]a]').test(']')).toBe(true);
  });

  it('reports invalid patterns as MODULE FAILURE with Python re.error in module_stderr', () => {
    expect(() => pyRegex('(')).toThrow(/MODULE FAILURE/);
    try {
      pyRegex('(');
    } catch (err) {
      expect((err as { extra: Record<string, unknown> }).extra.module_stderr).toMatch(
        /\nre\.error: missing \), unterminated subpattern at position 0\n$/,
      );
    }
  });
});

describe('replacement templates', () => {
  it('\\1, \\g<1>, \\g<name> and escapes', () => {
    const m = pyRegex('(?P<k>\\w+)=(\\d+)').exec('port=80') as RegExpExecArray;
    expect(expandTemplate('\\2:\\1', m)).toBe('80:port');
    expect(expandTemplate('\\g<k>-\\g<2>0', m)).toBe('port-800');
    expect(expandTemplate('a\\tb\\\\n$1', m)).toBe('a\tb\\n$1');
  });

  it('pySub counts and keeps dollars literal', () => {
    expect(pySub(pyRegex('o', 'm'), '$', 'foo')).toEqual(['f$$', 2]);
    expect(pySub(pyRegex('^x=(\\d)$', 'm'), 'x=\\1\\1', 'x=1\ny=2\nx=3')).toEqual(['x=11\ny=2\nx=33', 2]);
  });
});
