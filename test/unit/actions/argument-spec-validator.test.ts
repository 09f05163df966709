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
      'bogus. Supported parameters include: a, k, l, m, n (kk).',
    ]);
  });

  it('a list value names the choices it misses', () => {
    const r = validateArgumentSpec({ m: { type: 'list', choices: ['x', 'y'] } }, { m: ['x', 'q'] });
    expect(r.errors).toEqual(['value of m must be one or more of: x, y. Got no match for: q']);
  });

  it('validates nested options of dicts and lists of dicts, with their context, defaults and aliases', () => {
    const spec = {
      db: {
        type: 'dict',
        options: {
          name: { type: 'str', required: true },
          port: { type: 'int', default: 5432 },
          users: {
            type: 'list',
            elements: 'dict',
            options: {
              login: { required: true, aliases: ['user'] },
              level: { choices: ['ro', 'rw'], default: 'ro' },
            },
          },
        },
      },
    };
    const ok = validateArgumentSpec(spec, { db: { name: 'x', port: '12', users: [{ user: 'a' }] } });
    expect(ok.errors).toEqual([]);
    expect(ok.params.db).toEqual({ name: 'x', port: 12, users: [{ user: 'a', login: 'a', level: 'ro' }] });
    const bad = validateArgumentSpec(
      spec,
      { db: { port: 'abc', extra: 1, users: [{ level: 'zz' }, 'nope', 'login=x'] } },
      { db: { port: 'abc' } },
    );
    expect(bad.errors).toEqual([
      // _list_no_log_values reads 'nope' as a dict, at the top and again at db's level
      'dictionary requested, could not parse JSON or key=value',
      'dictionary requested, could not parse JSON or key=value',
      'missing required arguments: name found in db',
      "argument 'port' is of type <class 'ansible.parsing.yaml.objects.AnsibleUnicode'> found in 'db'. and we were unable to convert to int: <class 'ansible.parsing.yaml.objects.AnsibleUnicode'> cannot be converted to an int",
      "Elements value for option 'users' found in 'db' is of type <class 'str'> and we were unable to convert to dict: dictionary requested, could not parse JSON or key=value",
      'missing required arguments: login found in db -> users',
      'value of level must be one of: ro, rw, got: zz found in db -> users',
      'db.extra. Supported parameters include: name, port, users.',
    ]);
  });
});
