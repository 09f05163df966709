import { describe, expect, it } from 'vitest';
import { validateArgumentSpec } from '../../../src/actions/argument-spec-validator.js';

describe("ArgumentSpecValidator's checks for validate_argument_spec", () => {
  it('passes, converting values and filling defaults', () => {
    const r = validateArgumentSpec(
      { port: { type: 'int' }, tags: { type: 'list', elements: 'str', default: [] }, on: { type: 'bool' } },
      { port: '80', on: 'yes' },
    );
    expect(r).toEqual({ params: { port: 80, tags: [], on: true }, errors: [] });
  });

  it('collects every error in the validator order: required, types, choices, unsupported', () => {
    const r = validateArgumentSpec(
      {
        a: { required: true },
        n: { type: 'int' },
        m: { choices: ['x', 'y'] },
        l: { type: 'list', elements: 'int' },
        k: { aliases: ['kk'] },
      },
      { n: 'ten', m: 'z', l: [1, 'two'], bogus: 1 },
      { n: 'ten' },
    );
    expect(r.errors).toEqual([
      'missing required arguments: a',
      "argument 'n' is of type <class 'ansible.parsing.yaml.objects.AnsibleUnicode'> and we were unable to convert to int: <class 'ansible.parsing.yaml.objects.AnsibleUnicode'> cannot be converted to an int",
      "Elements value for option 'l' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int",
      'value of m must be one of: x, y, got: z',
      'bogus. Supported parameters include: a, k (kk), l, m, n.',
    ]);
  });

  it('a list value names the choices it misses', () => {
    const r = validateArgumentSpec({ m: { type: 'list', choices: ['x', 'y'] } }, { m: ['x', 'q'] });
    expect(r.errors).toEqual(['value of m must be one or more of: x, y. Got no match for: q']);
  });
});
