import { describe, expect, it } from 'vitest';
import { getentRecords } from '../../../src/modules/getent.js';

describe('getentRecords (getent.py)', () => {
  it('splits on the separator, keeping empty fields', () => {
    expect(getentRecords('root:x:0:\n', ':')).toEqual({ root: ['x', '0', ''] });
  });
  it('splits on runs of whitespace without a separator', () => {
    expect(getentRecords('127.0.0.1       localhost  lh\n', undefined)).toEqual({
      '127.0.0.1': ['localhost', 'lh'],
    });
  });
  it("splits on Python's whitespace: U+001F and U+3000 are, a BOM is not", () => {
    expect(getentRecords('a\x1fb\u3000c d\ufeffe\n', undefined)).toEqual({ a: ['b', 'c', 'd\ufeffe'] });
  });

  it('turns a repeated key into a list of records', () => {
    const out = '::1 STREAM localhost\n::1 DGRAM  \n::1 RAW\n';
    expect(getentRecords(out, undefined)).toEqual({ '::1': [['STREAM', 'localhost'], ['DGRAM'], ['RAW']] });
  });
});
