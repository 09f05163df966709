import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, pythonRepr, pythonStr } from '../../../src/output/python-format.js';

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

describe('pythonStr', () => {
  it('prints dict labels as Python repr, choosing quotes like Python', () => {
    const value = { n: 1, s: "it's", q: 'say "hi"', both: '\'"', l: [null, true, 2.5], nl: 'a\nb\\c' };
    expect(pythonStr(value)).toBe(
      `{'n': 1, 's': "it's", 'q': 'say "hi"', 'both': '\\'"', 'l': [None, True, 2.5], 'nl': 'a\\nb\\\\c'}`,
    );
  });

  it('prints strings bare and scalars as Python does', () => {
    expect(pythonStr('plain text')).toBe('plain text');
    expect(pythonStr(null)).toBe('None');
    expect(pythonStr(false)).toBe('False');
    expect(pythonRepr('x')).toBe("'x'");
  });
});
