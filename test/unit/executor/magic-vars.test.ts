import { describe, expect, it } from 'vitest';
import { connectionVars, runMagicVars } from '../../../src/executor/magic-vars.js';

describe('runMagicVars', () => {
  it('has the option variables, sets of tags, absolute inventory sources, no limit unless given', () => {
    const v = runMagicVars({
      inventories: ['inv/hosts', 'a,b'],
      forks: 7,
      tags: ['x', 'y', 'x'],
      skipTags: [],
      check: true,
      diff: false,
      verbosity: 2,
    });
    expect(v).toMatchObject({
      ansible_playbook_python: '/usr/bin/python3',
      ansible_config_file: null,
      ansible_check_mode: true,
      ansible_forks: 7,
      ansible_run_tags: ['x', 'y'],
      ansible_skip_tags: [],
      ansible_verbosity: 2,
    });
    expect(v.ansible_inventory_sources).toEqual([`${process.cwd()}/inv/hosts`, 'a,b']);
    expect('ansible_limit' in v).toBe(false);
    expect((v.ansible_version as { major: number; minor: number }).minor).toBe(14);
  });
});

describe('connectionVars', () => {
  const facts = { connection: 'ssh', address: 'web1', timeoutSeconds: 10 };

  it('defaults ansible_host to the address in both views; ssh aliases only for the arguments', () => {
    const { args, action } = connectionVars({}, facts);
    expect(args).toMatchObject({ ansible_host: 'web1', ansible_ssh_host: 'web1', ansible_timeout: 10 });
    expect(action).toMatchObject({ ansible_host: 'web1', ansible_shell_type: 'sh' });
    expect('ansible_ssh_host' in action).toBe(false);
    expect('ansible_shell_type' in args).toBe(false);
    expect('ansible_user' in args || 'ansible_port' in args).toBe(false);
  });

  it('never replaces a variable that is set, and copies it to its alias', () => {
    const { args, action } = connectionVars({ ansible_host: '10.0.0.1', ansible_port: 2222 }, facts);
    expect('ansible_host' in args || 'ansible_host' in action).toBe(false);
    expect(args).toMatchObject({ ansible_ssh_host: '10.0.0.1', ansible_ssh_port: 2222 });
  });

  it('never adds a password', () => {
    const { args, action } = connectionVars({ ansible_password: 's3cret' }, facts);
    expect(JSON.stringify({ args, action })).not.toContain('s3cret');
  });
});
