import { describe, expect, it } from 'vitest';
import { ShlexError, shlexSplit } from '../../../src/python/shlex.js';

// Expected values are /usr/bin/python3's shlex.split output for the same text.
describe('shlexSplit', () => {
  it('splits like Python shlex.split', () => {
    expect(shlexSplit(`echo "a b" 'c d' e\\ f "x\\"y" ''`)).toEqual(['echo', 'a b', 'c d', 'e f', 'x"y', '']);
    expect(shlexSplit('  ls   -l  ')).toEqual(['ls', '-l']);
    expect(shlexSplit('"a\\b"')).toEqual(['a\\b']);
    expect(() => shlexSplit('echo "open')).toThrow(/No closing quotation/);
    expect(() => shlexSplit('echo \\')).toThrow(ShlexError);
  });

  it('with comments, # ends the line even inside a word', () => {
    expect(shlexSplit('a#b c', { comments: true })).toEqual(['a']);
    expect(shlexSplit('a#b c')).toEqual(['a#b', 'c']);
  });

  it("splits on Python's whitespace only, unless asked for any whitespace", () => {
    expect(shlexSplit('a\x0bb c')).toEqual(['a\x0bb', 'c']);
    expect(shlexSplit('a\u00a0b "c"')).toEqual(['a\u00a0b', 'c']);
    expect(shlexSplit('a\x0bb c', { anyWhitespace: true })).toEqual(['a', 'b', 'c']);
    expect(shlexSplit('a\u00a0b "c"', { anyWhitespace: true })).toEqual(['a', 'b', 'c']);
  });
});
