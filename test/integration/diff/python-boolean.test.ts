import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { boolean, booleanOf } from '../../../src/python/boolean.js';

const CASES: unknown[] = [
  true,
  false,
  1,
  0,
  2,
  -1,
  1.5,
  'y',
  'Y',
  'yes',
  ' YES ',
  'on',
  '1',
  'true',
  't',
  'n',
  'no',
  'off',
  '0',
  'false',
  'F',
  ' no\n',
  '',
  'maybe',
  'yess',
  '01',
  null,
];

describe("Ansible's boolean()", () => {
  it('agrees with ansible.module_utils.parsing.convert_bool on every case, strict and not', () => {
    const script = `
import json, sys
from ansible.module_utils.parsing.convert_bool import boolean
out = []
for v in json.loads(sys.stdin.read()):
    try: strict = boolean(v)
    except TypeError as e: strict = 'error: ' + str(e)
    out.append([strict, boolean(v, strict=False)])
print(json.dumps(out))`;
    const oracle = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(CASES) }).toString(),
    ) as [boolean | string, boolean][];
    const ours = CASES.map((v) => {
      let strict: boolean | string;
      try {
        strict = boolean(v);
      } catch (e) {
        strict = `error: ${(e as Error).message}`;
      }
      return [strict, boolean(v, false)];
    });
    // Python's set order in the message is its own; compare the message's first part only.
    const head = (r: [boolean | string, boolean][]) =>
      r.map(([s, l]) => [typeof s === 'string' ? s.split('.  Valid')[0] : s, l]);
    expect(head(ours as [boolean | string, boolean][])).toEqual(head(oracle));
  });

  it('booleanOf tells a non-boolean apart', () => {
    expect(booleanOf('maybe')).toBeUndefined();
    expect(booleanOf(new Number(1))).toBe(true);
  });
});
