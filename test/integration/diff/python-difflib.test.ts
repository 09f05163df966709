/**
 * --diff hunks against their oracle, Python's difflib.unified_diff as Ansible's
 * CallbackBase._get_diff calls it (splitlines(True), 3 lines of context): generated before
 * and after texts from a small alphabet of lines, so lines repeat, move and swap (where a
 * minimal diff and difflib's longest-block-first matching disagree), plus texts of 200
 * lines and more, where difflib stops matching on lines in more than 1% of them.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/python/difflib.js';

const ORACLE = `
import difflib, json, sys
out = []
for a, b in json.load(sys.stdin):
    out.append(list(difflib.unified_diff(a, b, fromfile='before', tofile='after', fromfiledate='', tofiledate='', n=3)))
print(json.dumps(out))
`;

const line = fc.constantFrom('a\n', 'b\n', 'c\n', '\n', '}\n', 'x = 1\n', 'x = 2\n', 'last');
const lines = (max: number) =>
  fc.array(line, { maxLength: max }).map((l) => l.filter((x, i) => x !== 'last' || i === l.length - 1));
/** A long text and an edited copy: lines swapped, dropped and added. */
const long = fc
  .tuple(fc.array(line, { minLength: 200, maxLength: 400 }), fc.array(fc.nat(399), { maxLength: 12 }))
  .map(([a, edits]) => {
    const base = a.filter((x) => x !== 'last');
    const b: string[] = [...base];
    for (const at of edits) {
      const k = at % Math.max(1, b.length);
      if (at % 3 === 0) b.splice(k, 1);
      else if (at % 3 === 1) b.splice(k, 0, `new ${at}\n`);
      else if (k + 1 < b.length) [b[k], b[k + 1]] = [b[k + 1], b[k]];
    }
    return [base, b] as [string[], string[]];
  });

describe("--diff hunks: Python's difflib is the oracle", () => {
  it('unified_diff of generated texts, short and long (autojunk), as difflib gives it', () => {
    const cases = [
      ...fc.sample(fc.tuple(lines(14), lines(14)), { numRuns: 600, seed: 0xd1ff }),
      ...fc.sample(long, { numRuns: 60, seed: 0x1d1f }),
      [
        ['b\n', 'c\n'],
        ['c\n', 'b\n'],
      ],
    ];
    const expected: string[][] = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', ORACLE], {
        input: JSON.stringify(cases),
        maxBuffer: 1 << 26,
      }).toString(),
    );
    const mismatches = cases
      .map(([a, b], i) => ({ a, b, python: expected[i], flotilla: unifiedDiff(a, b, 'before', 'after') }))
      .filter((c) => JSON.stringify(c.python) !== JSON.stringify(c.flotilla));
    expect(mismatches.slice(0, 2)).toEqual([]);
    // the cases reach what they were made for: swaps, and hunks split by long equal runs
    expect(expected.some((d) => d.length > 0 && d.filter((l) => l.startsWith('@@')).length > 1)).toBe(true);
  });

  it('a long file in one pass: 3,000 lines, no quadratic table', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`);
    const b = a.map((l, i) => (i % 500 === 7 ? `changed ${i}\n` : l));
    const started = Date.now();
    const hunks = unifiedDiff(a, b, 'before', 'after');
    expect(hunks.filter((l) => l.startsWith('@@'))).toHaveLength(6);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
