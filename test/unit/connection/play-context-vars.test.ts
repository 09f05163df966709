/**
 * The PlayContext variable table: which variable sets which field, which one wins when
 * several are set (MAGIC_VARIABLE_MAPPING: the first; a become plugin option: the last),
 * and that a variable beats its keyword.
 */
import { describe, expect, it } from 'vitest';
import { resolveConnectionParams } from '../../../src/connection/params.js';
import {
  becomeContext,
  becomeFields,
  CONNECTION_FIELDS,
  connectionVariables,
  fieldVariable,
  PLAY_CONTEXT_VARIABLES,
} from '../../../src/connection/play-context-vars.js';

const truthy = (v: unknown) => v === true || v === 'yes' || v === 'true';
/** A stand-in templar: `{{ x }}` becomes `<x>`, so templating is visible. */
const render = (v: unknown) => (typeof v === 'string' ? v.replace(/\{\{ (\w+) \}\}/g, '<$1>') : v);

describe('the PlayContext variable table', () => {
  it("names every variable of Ansible 2.14's MAGIC_VARIABLE_MAPPING that flotilla's transports use, and the become plugins'", () => {
    for (const name of [
      'ansible_connection',
      'ansible_shell_executable',
      'ansible_host',
      'ansible_ssh_host',
      'ansible_user',
      'ansible_ssh_user',
      'ansible_password',
      'ansible_ssh_pass',
      'ansible_port',
      'ansible_ssh_port',
      'ansible_timeout',
      'ansible_ssh_timeout',
      'ansible_ssh_private_key_file',
      'ansible_private_key_file',
      'ansible_ssh_common_args',
      'ansible_ssh_extra_args',
      'ansible_become',
      'ansible_become_method',
      'ansible_become_user',
      'ansible_sudo_user',
      'ansible_su_user',
      'ansible_become_password',
      'ansible_become_pass',
      'ansible_sudo_pass',
      'ansible_su_pass',
      'ansible_become_exe',
      'ansible_sudo_exe',
      'ansible_become_flags',
      'ansible_su_flags',
    ])
      expect(PLAY_CONTEXT_VARIABLES).toContain(name);
  });

  it('MAGIC_VARIABLE_MAPPING fields take the first variable set, plugin options the last', () => {
    const vars = {
      ansible_host: 'b',
      ansible_ssh_host: 'a',
      ansible_become_user: 'x',
      ansible_sudo_user: 'y',
    };
    expect(fieldVariable(CONNECTION_FIELDS.remote_addr, vars)).toBe('ansible_ssh_host');
    expect(fieldVariable(becomeFields('sudo').become_user, vars)).toBe('ansible_sudo_user');
    expect(fieldVariable(becomeFields('su').become_user, vars)).toBe('ansible_become_user');
    // null is unset, as for a keyword
    expect(fieldVariable(CONNECTION_FIELDS.port, { ansible_port: null })).toBeUndefined();
  });

  it('connectionVariables keeps the winning variable of each field, templated', () => {
    const vars = {
      ansible_port: '{{ p }}',
      ansible_ssh_port: 2200,
      ansible_user: 'u',
      unrelated: 1,
      ansible_become_user: 'not a connection variable',
    };
    expect(connectionVariables(vars, render)).toEqual({ ansible_ssh_port: 2200, ansible_user: 'u' });
    expect(connectionVariables({ ansible_port: '{{ p }}' }, render)).toEqual({ ansible_port: '<p>' });
  });

  it('every connection field reaches resolveConnectionParams from the variables', () => {
    const env = { HOME: '/home/u', USER: 'me' };
    const p = resolveConnectionParams(
      'h',
      connectionVariables(
        {
          ansible_connection: 'ssh',
          ansible_host: '10.0.0.9',
          ansible_user: 'deploy',
          ansible_port: 2022,
          ansible_ssh_private_key_file: '/k',
          ansible_password: 'pw',
          ansible_timeout: 7,
          ansible_ssh_common_args: '-o UserKnownHostsFile=/kh',
          ansible_ssh_extra_args: '-o GlobalKnownHostsFile=/gkh',
        },
        render,
      ),
      { user: 'keyword', env },
    );
    expect(p).toMatchObject({
      connection: 'ssh',
      address: '10.0.0.9',
      user: 'deploy',
      port: 2022,
      privateKeyFile: '/k',
      password: 'pw',
      connectTimeoutMs: 7000,
      knownHostsFiles: ['/kh', '/gkh'],
    });
  });

  it('a become variable beats its keyword; keywords apply where no variable is set', () => {
    const kw = { become: false, become_user: 'kwuser', become_method: 'sudo', become_flags: '-H' };
    const field = (v: unknown) => render(v);
    expect(becomeContext(kw, {}, field, truthy)).toMatchObject({
      enabled: false,
      user: 'kwuser',
      flags: '-H',
    });
    expect(
      becomeContext(
        kw,
        {
          ansible_become: 'yes',
          ansible_become_user: '{{ who }}',
          ansible_become_flags: '-n',
          ansible_become_exe: 'sudo -g x',
        },
        field,
        truthy,
      ),
    ).toEqual({ enabled: true, method: 'sudo', user: '<who>', flags: '-n', exe: 'sudo -g x' });
    expect(
      becomeContext({}, { ansible_become_method: 'su', ansible_su_user: 'bob' }, field, truthy),
    ).toMatchObject({
      enabled: false,
      method: 'su',
      user: 'bob',
    });
    expect(becomeContext({ become: true }, { ansible_become: false }, field, truthy).enabled).toBe(false);
    expect(becomeContext({}, {}, field, truthy)).toMatchObject({
      enabled: false,
      method: 'sudo',
      user: 'root',
    });
  });
});
