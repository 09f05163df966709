import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../src/python/json-dumps.js';
import { pyRepr, resultRepr, resultStr } from '../../../src/python/repr.js';
import { pyTuple } from '../../../src/python/values.js';

// Expected strings were produced by Python 3.11's json.dumps / str().
const data = { b: [1, { z: null, a: 'xé\n\t\u0001' }], a: {}, c: [], n: 1.5, t: true };

describe('pythonJsonDumps', () => {
  it('matches json.dumps(sort_keys=True, ensure_ascii=False) on one line', () => {
    expect(pythonJsonDumps(data)).toBe(
      '{"a": {}, "b": [1, {"a": "xé\\n\\t\\u0001", "z": null}], "c": [], "n": 1.5, "t": true}',
    );
  });

  it('matches indent=4 output, empty containers kept inline', () => {
    expect(pythonJsonDumps(data, 4)).toBe(
      [
        '{',
        '    "a": {},',
        '    "b": [',
        '        1,',
        '        {',
        '            "a": "xé\\n\\t\\u0001",',
        '            "z": null',
        '        }',
        '    ],',
        '    "c": [],',
        '    "n": 1.5,',
        '    "t": true',
        '}',
      ].join('\n'),
    );
  });
});

describe('resultStr', () => {
  it('prints dict labels as Python repr, choosing quotes like Python', () => {
    const value = { n: 1, s: "it's", q: 'say "hi"', both: '\'"', l: [null, true, 2.5], nl: 'a\nb\\c' };
    expect(resultStr(value)).toBe(
      `{'n': 1, 's': "it's", 'q': 'say "hi"', 'both': '\\'"', 'l': [None, True, 2.5], 'nl': 'a\\nb\\\\c'}`,
    );
  });

  it('prints strings bare and scalars as Python does', () => {
    expect(resultStr('plain text')).toBe('plain text');
    expect(resultStr(null)).toBe('None');
    expect(resultStr(false)).toBe('False');
    expect(resultRepr('x')).toBe("'x'");
  });
});

describe('pyRepr and resultRepr', () => {
  it('share one implementation and differ only where the two callers differed', () => {
    // /usr/bin/python3: repr('\x85') == "'\\x85'": result data follows Python here, template values do not.
    expect(resultRepr('a\x85')).toBe("'a\\x85'");
    expect(pyRepr('a\x85')).toBe("'a\x85'");
    expect(resultRepr({ a: undefined, b: [1, "it's"] })).toBe(`{'b': [1, "it's"]}`);
    expect(pyRepr({ a: undefined, b: pyTuple([1]) })).toBe("{'a': None, 'b': (1,)}");
    expect(resultRepr(pyTuple([1]))).toBe('[1]');
  });
});
