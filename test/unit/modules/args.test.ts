import { describe, expect, it } from 'vitest';
import { validateArgs } from '../../../src/modules/args.js';
import { requireModule } from '../../../src/modules/execute.js';
import { boolean } from '../../../src/python/boolean.js';

const copySpec = requireModule('copy').args;

function errorOf(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a throw');
}

describe('validateArgs', () => {
  it('rejects unknown parameters with Ansible wording and a hint', () => {
    const e = errorOf(() =>
      validateArgs('copy', copySpec, { content: 'x', dest: '/tmp/x', destt: '/tmp/x' }),
    );
    expect(e.code).toBe('FLT_MODULE_ARGS');
    expect(e.message).toBe(
      // ansible-playbook 2.14's own words (the copy action runs ansible.legacy.copy)
      'Unsupported parameters for (ansible.legacy.copy) module: destt. Supported parameters include: _original_basename, attributes, backup, checksum, content, dest, directory_mode, follow, force, group, local_follow, mode, owner, remote_src, selevel, serole, setype, seuser, src, unsafe_writes, validate (attr).',
    );
    expect(e.hint).toBe('did you mean "dest"?');
  });

  it('required_by: a set option names what it needs; defaults count for required_one_of', () => {
    const spec = requireModule('systemd').args;
    expect(errorOf(() => validateArgs('systemd', spec, { masked: true })).message).toBe(
      "missing parameter(s) required by 'masked': name",
    );
    // daemon_reload's default False is set, as Ansible's required_one_of counts it
    expect(validateArgs('systemd', spec, { scope: 'user' })).toMatchObject({ daemon_reload: false });
    expect(validateArgs('systemd', spec, { unit: 'x', state: 'started' })).toMatchObject({ name: 'x' });
  });

  it('reports missing required arguments, sorted', () => {
    expect(errorOf(() => validateArgs('copy', copySpec, { content: 'x' })).message).toBe(
      'missing required arguments: dest',
    );
  });

  it('checks choices with the got: value', () => {
    const e = errorOf(() =>
      validateArgs('file', requireModule('file').args, { path: '/x', state: 'dirctory' }),
    );
    expect(e.message).toBe(
      'value of state must be one of: absent, directory, file, hard, link, touch, got: dirctory',
    );
    expect(e.hint).toBe('did you mean "directory"?');
  });

  it('mutually exclusive and required_one_of', () => {
    expect(errorOf(() => validateArgs('copy', copySpec, { src: 'a', content: 'b', dest: 'c' })).message).toBe(
      'parameters are mutually exclusive: src|content',
    );
    expect(errorOf(() => validateArgs('copy', copySpec, { dest: 'c' })).message).toBe(
      'one of the following is required: src, content',
    );
  });

  it('converts types and applies aliases and defaults', () => {
    const out = validateArgs('copy', copySpec, { content: 'x', dest: 5, thirsty: 'no', backup: 'YES' });
    expect(out).toMatchObject({ dest: '5', force: false, backup: true, remote_src: false });
    const find = validateArgs('find', requireModule('find').args, { paths: '/a,/b', depth: '3' });
    expect(find).toMatchObject({ paths: ['/a', '/b'], depth: 3, patterns: [] });
  });

  it('rejects values it cannot convert', () => {
    expect(
      errorOf(() => validateArgs('copy', copySpec, { content: 'x', dest: 'd', backup: 'maybe' })).message,
    ).toMatch(
      /^argument 'backup' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean/,
    );
    expect(
      errorOf(() => validateArgs('find', requireModule('find').args, { paths: '/', depth: 'x' })).message,
    ).toBe(
      "argument 'depth' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int",
    );
  });

  it('a spec with anyKeys accepts any key', () => {
    expect(validateArgs('x', { options: {}, anyKeys: true }, { anything: 1 })).toEqual({ anything: 1 });
    expect(() => validateArgs('x', { options: {} }, { anything: 1 })).toThrow(/anything/);
  });
});

describe('boolean (strict)', () => {
  it.each([
    ['yes', true],
    ['On', true],
    ['1', true],
    [1, true],
    ['true', true],
    ['no', false],
    ['off', false],
    ['0', false],
    [0, false],
    ['FALSE', false],
  ])('%s → %s', (input, expected) => {
    expect(boolean(input)).toBe(expected);
  });
});

describe('registry', () => {
  it('resolves FQCNs and suggests close names', () => {
    expect(requireModule('ansible.builtin.copy').name).toBe('copy');
    expect(requireModule('gather_facts').name).toBe('setup');
    const e = errorOf(() => requireModule('lineinfil'));
    expect(e.code).toBe('FLT_MODULE_UNKNOWN');
    expect(e.hint).toBe('did you mean "lineinfile"?');
  });
});

describe('validateArgs: Ansible order of checks', () => {
  it('reports a bad choice before an unknown parameter, as Ansible does', () => {
    const e = errorOf(() =>
      validateArgs('lineinfile', requireModule('lineinfile').args, { path: '/x', state: 'nope', bar: 2 }),
    );
    expect(e.message).toBe('value of state must be one of: absent, present, got: nope');
  });

  it('names a module without an action plugin by itself', () => {
    const e = errorOf(() => validateArgs('stat', requireModule('stat').args, { path: '/x', zz: 1 }));
    expect(e.message).toMatch(
      /^Unsupported parameters for \(stat\) module: zz\. Supported parameters include: /,
    );
  });
});

describe('validateArgs: conversions as AnsibleModule makes them', () => {
  const spec = {
    options: {
      line: { type: 'str' as const },
      answer: { type: 'str' as const, choices: ['yes', 'no'] },
      flag: { type: 'str' as const, choices: ['on', 'yes', 'off'] },
      tags: { type: 'list' as const, elements: 'str' as const, choices: ['a', 'b'] },
    },
  };

  it("gives a str option Python's str() of a YAML boolean, number or list", () => {
    expect(validateArgs('x', spec, { line: true }).line).toBe('True');
    expect(validateArgs('x', spec, { line: false }).line).toBe('False');
    expect(validateArgs('x', spec, { line: [1, 'a'] }).line).toBe("[1, 'a']");
    expect(validateArgs('x', spec, { line: { k: 1 } }).line).toBe("{'k': 1}");
  });

  it('maps a boolean back to the one choice that spells it, and only then', () => {
    expect(validateArgs('x', spec, { answer: true }).answer).toBe('yes');
    expect(validateArgs('x', spec, { answer: false }).answer).toBe('no');
    // two choices spell true: Ansible cannot tell which was meant
    expect(errorOf(() => validateArgs('x', spec, { flag: true })).message).toBe(
      'value of flag must be one of: on, yes, off, got: True',
    );
    expect(validateArgs('x', spec, { flag: false }).flag).toBe('off');
  });

  it('names the items of a list that are not choices', () => {
    expect(errorOf(() => validateArgs('x', spec, { tags: ['a', 'c', 'd'] })).message).toBe(
      'value of tags must be one or more of: a, b. Got no match for: c, d',
    );
  });
});

describe('validateArgs: the module named as the task wrote it', () => {
  it("names an unknown parameter's module by the action as written, unless an action plugin names it", () => {
    const getent = requireModule('getent').args;
    expect(
      errorOf(() =>
        validateArgs('getent', getent, { database: 'passwd', bogus: 1 }, 'ansible.builtin.getent'),
      ).message,
    ).toMatch(/^Unsupported parameters for \(ansible\.builtin\.getent\) module: bogus\./);
    expect(errorOf(() => validateArgs('getent', getent, { database: 'passwd', bogus: 1 })).message).toMatch(
      /^Unsupported parameters for \(getent\) module: bogus\./,
    );
    // the command action plugin runs ansible.legacy.command, whatever the task wrote
    const command = requireModule('command').args;
    expect(
      errorOf(() =>
        validateArgs('command', command, { _raw_params: 'true', bogus: 1 }, 'ansible.builtin.command'),
      ).message,
    ).toMatch(/^Unsupported parameters for \(ansible\.legacy\.command\) module: bogus\./);
  });
});
