/**
 * The format filter's %-formatting against python3's own `%`: every conversion with every
 * flag and width/precision combination, over values of every type (GENERATED matrix). A
 * Python TypeError/ValueError must be an error here too.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { percentFormat } from '../../../src/template/runtime/operators.js';

const CONVERSIONS = ['s', 'r', 'd', 'i', 'f', 'e', 'x', 'X', 'o'];
const SPECS = ['', '5', '-5', '05', '+', ' ', '.2', '8.3', '-8.3', '+06.1'];
/** JSON-able values, as a template gives them: numbers, strings, booleans, None, lists, dicts. */
const VALUES: unknown[] = [
  0,
  7,
  -42,
  2.71,
  1234.5678,
  -0.5,
  'abc',
  '',
  "it's",
  true,
  false,
  null,
  [1, 'a'],
  { k: 'v' },
];

function python(cases: [string, unknown][]): (string | null)[] {
  const script = `
import json, sys
out = []
for fmt, value in json.load(sys.stdin):
    try:
        out.append(fmt % (value,))
    except (TypeError, ValueError, OverflowError):
        out.append(None)
print(json.dumps(out))
`;
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' }),
  );
}

function ours(fmt: string, value: unknown): string | null {
  try {
    return percentFormat(fmt, [value], true);
  } catch {
    return null;
  }
}

describe('percentFormat: Python % semantics', () => {
  it('every conversion x flags x value, as python3 formats it', () => {
    const cases: [string, unknown][] = [];
    for (const conv of CONVERSIONS)
      for (const spec of SPECS) for (const v of VALUES) cases.push([`%${spec}${conv}`, v]);
    const expected = python(cases);
    const wrong = cases
      .map(([fmt, v], i) => ({ fmt, value: v, python: expected[i], flotilla: ours(fmt, v) }))
      .filter((r) => r.python !== r.flotilla);
    expect(wrong.length, JSON.stringify(wrong.slice(0, 300))).toBe(0);
  });
});
