/**
 * json.loads against Python's own (CPython 3.11, its C scanner): generated texts, valid and
 * broken, mixing every token the scanner meets (strings with escapes, surrogate pairs,
 * control characters, numbers with fractions and exponents, NaN and Infinity, nesting,
 * stray delimiters, a BOM). The value (as json.dumps writes it: floats stay floats) or the
 * error message with its line, column and char must match.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumpsDefault } from '../../../src/python/json-dumps.js';
import { pyJsonLoads } from '../../../src/python/json-loads.js';

const ORACLE = `
import json, sys
out = []
for t in json.load(sys.stdin):
    try:
        out.append({'ok': json.dumps(json.loads(t))})
    except json.JSONDecodeError as e:
        out.append({'error': str(e)})
print(json.dumps(out))
`;

const piece = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '"a"',
  '"k": ',
  '1',
  '-',
  '-0',
  '0.5',
  '2.0',
  '1e3',
  '1E-2',
  '1e',
  '2.',
  '01',
  'true',
  'tru',
  'null',
  'NaN',
  'Infinity',
  '-Infinity',
  ' ',
  '\n',
  '\\',
  '\\n',
  '\\u12',
  '\\u00e9',
  '\\ud83d\\ude00',
  '\\ud83d',
  '\\x',
  '\t',
  '\u0001',
  'é',
  '😀',
  '\ufeff',
  '{"k": 1.0}',
  '[1, 2.5]',
  '"\\n"',
);

function flotilla(text: string): { ok: string } | { error: string } {
  try {
    return { ok: pythonJsonDumpsDefault(pyJsonLoads(text)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('json.loads: Python as the oracle', () => {
  it('reads generated texts as json.loads does, and fails them with its message', () => {
    const texts = fc.sample(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
      { numRuns: 3000, seed: 0x15011 },
    );
    const expected: ({ ok: string } | { error: string })[] = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORACLE], { input: JSON.stringify(texts) }).toString(),
    );
    const mismatches = texts
      .map((text, i) => ({ text, python: expected[i], flotilla: flotilla(text) }))
      .filter((c) => JSON.stringify(c.python) !== JSON.stringify(c.flotilla));
    expect(mismatches.slice(0, 3)).toEqual([]);
    // Values and every kind of error are exercised.
    const kinds = new Set(
      expected.map((e) =>
        'ok' in e
          ? 'ok'
          : e.error.replace(/: line \d+ column \d+ \(char \d+\)$/, '').replace(/ (starting )?at$/, ''),
      ),
    );
    expect([...kinds].sort()).toEqual([
      "Expecting ',' delimiter",
      "Expecting ':' delimiter",
      'Expecting property name enclosed in double quotes',
      'Expecting value',
      'Extra data',
      'Invalid \\escape',
      'Invalid \\uXXXX escape',
      'Invalid control character',
      'Unexpected UTF-8 BOM (decode using utf-8-sig)',
      'Unterminated string',
      'ok',
    ]);
  });
});
