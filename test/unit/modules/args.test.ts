import { describe, expect, it } from 'vitest';
import { toBool, validateArgs } from '../../../src/modules/args.js';
import { requireModule } from '../../../src/modules/execute.js';

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
    const e = errorOf(() => validateArgs('copy', copySpec, { content: 'x', destt: '/tmp/x' }));
    expect(e.code).toBe('FLT_MODULE_ARGS');
    expect(e.message).toBe(
      'copy: Unsupported parameters for (copy) module: destt. Supported parameters include: backup, checksum, content, decrypt, dest, directory_mode, follow, force, group, local_follow, mode, owner, remote_src, src, unsafe_writes, validate (thirsty).',
    );
    expect(e.hint).toBe('did you mean "dest"?');
  });

  it('reports missing required arguments, sorted', () => {
    expect(errorOf(() => validateArgs('copy', copySpec, { content: 'x' })).message).toBe(
      'copy: missing required arguments: dest',
    );
  });

  it('checks choices with the got: value', () => {
    const e = errorOf(() =>
      validateArgs('file', requireModule('file').args, { path: '/x', state: 'dirctory' }),
    );
    expect(e.message).toBe(
      'file: value of state must be one of: absent, directory, file, hard, link, touch, got: dirctory',
    );
    expect(e.hint).toBe('did you mean "directory"?');
  });

  it('mutually exclusive and required_one_of', () => {
    expect(errorOf(() => validateArgs('copy', copySpec, { src: 'a', content: 'b', dest: 'c' })).message).toBe(
      'copy: parameters are mutually exclusive: src|content',
    );
    expect(errorOf(() => validateArgs('copy', copySpec, { dest: 'c' })).message).toBe(
      'copy: one of the following is required: src, content',
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
      /^copy: argument 'backup' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean/,
    );
    expect(
      errorOf(() => validateArgs('find', requireModule('find').args, { paths: '/', depth: 'x' })).message,
    ).toBe(
      "find: argument 'depth' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int",
    );
  });

  it('set_fact accepts any key', () => {
    expect(validateArgs('set_fact', requireModule('set_fact').args, { anything: 1 })).toEqual({
      anything: 1,
    });
  });
});

describe('toBool', () => {
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
    expect(toBool(input)).toBe(expected);
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
