import { describe, expect, it } from 'vitest';
import { connectionKey } from '../../../src/connection/login-key.js';
import { resolveConnectionParams } from '../../../src/connection/params.js';
import { parseSshOptions, shellSplit } from '../../../src/connection/ssh-options.js';

const env = { HOME: '/home/u', USER: 'envuser' };

describe('resolveConnectionParams', () => {
  it('applies defaults', () => {
    const p = resolveConnectionParams('web1', {}, { env });
    expect(p).toMatchObject({
      host: 'web1',
      connection: 'ssh',
      address: 'web1',
      port: 22,
      user: 'envuser',
      connectTimeoutMs: 10_000,
      hostKeyChecking: 'strict',
      knownHostsFiles: ['/home/u/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts'],
    });
    expect(p.agent).toBeUndefined();
    expect(connectionKey(p)).toBe('envuser@web1:22');
  });

  it('reads ansible_host, ansible_port, key file (with ~) and password', () => {
    const p = resolveConnectionParams(
      'web1',
      {
        ansible_host: '10.0.0.5',
        ansible_port: '2222',
        ansible_ssh_private_key_file: '~/k',
        ansible_ssh_pass: 's3',
      },
      { env: { ...env, SSH_AUTH_SOCK: '/tmp/agent.sock' } },
    );
    expect(p).toMatchObject({ address: '10.0.0.5', port: 2222, privateKeyFile: '/home/u/k', password: 's3' });
    expect(p.agent).toBe('/tmp/agent.sock');
  });

  it('the ansible_user variables beat the remote_user keyword (or -u), which beats $USER', () => {
    expect(resolveConnectionParams('h', { ansible_user: 'a' }, { user: 'kw', env }).user).toBe('a');
    expect(resolveConnectionParams('h', { ansible_ssh_user: 'b' }, { user: 'kw', env }).user).toBe('b');
    // MAGIC_VARIABLE_MAPPING reads ansible_ssh_user first
    expect(resolveConnectionParams('h', { ansible_user: 'a', ansible_ssh_user: 'b' }, { env }).user).toBe(
      'b',
    );
    expect(resolveConnectionParams('h', {}, { user: 'kw', env }).user).toBe('kw');
    expect(resolveConnectionParams('h', {}, { env }).user).toBe(env.USER);
  });

  it('picks the connection type, including the implicit localhost', () => {
    expect(resolveConnectionParams('localhost', {}, { env }).connection).toBe('local');
    expect(resolveConnectionParams('localhost', { ansible_host: '10.1.1.1' }, { env }).connection).toBe(
      'ssh',
    );
    expect(resolveConnectionParams('x', { ansible_connection: 'local' }, { env }).connection).toBe('local');
    expect(resolveConnectionParams('x', { ansible_connection: 'paramiko' }, { env }).connection).toBe('ssh');
    expect(() => resolveConnectionParams('x', { ansible_connection: 'sshh' }, { env })).toThrow(
      expect.objectContaining({ code: 'FLT_CONN_UNSUPPORTED', hint: 'did you mean "ssh"?' }),
    );
  });

  it('reads -o options from ansible_ssh_common_args and extra_args', () => {
    const p = resolveConnectionParams(
      'h',
      {
        ansible_ssh_common_args: "-o StrictHostKeyChecking=accept-new -o 'UserKnownHostsFile /a/kh ~/b/kh'",
        ansible_ssh_extra_args: '-oConnectTimeout=3 -o ServerAliveInterval 7 -o StrictHostKeyChecking=no',
      },
      { env },
    );
    expect(p.hostKeyChecking).toBe('accept-new'); // ssh keeps the first value
    expect(p.knownHostsFiles).toEqual(['/a/kh', '/home/u/b/kh', '/etc/ssh/ssh_known_hosts']);
    expect(p.connectTimeoutMs).toBe(3000);
    expect(p.keepaliveIntervalMs).toBe(7000);
  });

  it('ssh_args (ANSIBLE_SSH_ARGS, ansible.cfg, ansible_ssh_args) come first, so their options win', () => {
    const common = { ansible_ssh_common_args: '-o StrictHostKeyChecking=yes -o ConnectTimeout=4' };
    const withEnv = {
      env: { ...env, ANSIBLE_SSH_ARGS: '-C -o ControlMaster=auto -o StrictHostKeyChecking=no' },
    };
    const p = resolveConnectionParams('h', common, withEnv);
    expect(p.hostKeyChecking).toBe('off');
    expect(p.connectTimeoutMs).toBe(4000);
    const q = resolveConnectionParams(
      'h',
      { ...common, ansible_ssh_args: '-o StrictHostKeyChecking=accept-new' },
      withEnv,
    );
    expect(q.hostKeyChecking).toBe('accept-new');
    expect(resolveConnectionParams('h', common, { env }).hostKeyChecking).toBe('strict');
  });

  it('UserKnownHostsFile=/dev/null means no user file', () => {
    const p = resolveConnectionParams(
      'h',
      { ansible_ssh_common_args: '-o UserKnownHostsFile=/dev/null' },
      { env },
    );
    expect(p.knownHostsFiles).toEqual(['/dev/null', '/etc/ssh/ssh_known_hosts']);
  });

  it('turns host key checking off from the environment or a variable, over ssh args', () => {
    const args = { ansible_ssh_common_args: '-o StrictHostKeyChecking=yes' };
    expect(resolveConnectionParams('h', args, { env }).hostKeyChecking).toBe('strict');
    expect(
      resolveConnectionParams('h', args, { env: { ...env, ANSIBLE_HOST_KEY_CHECKING: 'False' } })
        .hostKeyChecking,
    ).toBe('off');
    expect(
      resolveConnectionParams('h', args, { env: { ...env, FLOTILLA_HOST_KEY_CHECKING: 'false' } })
        .hostKeyChecking,
    ).toBe('off');
    expect(
      resolveConnectionParams('h', { ...args, ansible_host_key_checking: false }, { env }).hostKeyChecking,
    ).toBe('off');
    expect(
      resolveConnectionParams('h', { ansible_ssh_common_args: '-o StrictHostKeyChecking=no' }, { env })
        .hostKeyChecking,
    ).toBe('off');
  });

  it('timeout: ansible_ssh_timeout beats --timeout, which beats ConnectTimeout', () => {
    const args = { ansible_ssh_common_args: '-o ConnectTimeout=4' };
    expect(
      resolveConnectionParams('h', { ...args, ansible_ssh_timeout: 2 }, { env, connectTimeoutMs: 9000 })
        .connectTimeoutMs,
    ).toBe(2000);
    expect(resolveConnectionParams('h', args, { env, connectTimeoutMs: 9000 }).connectTimeoutMs).toBe(9000);
    expect(resolveConnectionParams('h', args, { env }).connectTimeoutMs).toBe(4000);
  });

  it('refuses bad ports and unparsable args with the host named', () => {
    expect(() => resolveConnectionParams('h', { ansible_port: 'abc' }, { env })).toThrow(
      /host h: ansible_port/,
    );
    expect(() => resolveConnectionParams('h', { ansible_ssh_common_args: "-o 'Oops" }, { env })).toThrow(
      expect.objectContaining({ code: 'FLT_CONN_PARAM' }),
    );
    expect(() =>
      resolveConnectionParams('h', { ansible_ssh_common_args: '-o StrictHostKeyChecking=maybe' }, { env }),
    ).toThrow(expect.objectContaining({ code: 'FLT_CONN_PARAM' }));
  });
});

describe('ssh option parsing', () => {
  it('splits like shlex', () => {
    expect(shellSplit(`a 'b c' "d \\"e\\"" f\\ g ''`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
  });

  it('keeps the first value and lower-cases keys', () => {
    const o = parseSshOptions(['-o Port=1 -o port=2 -o ControlMaster=auto']);
    expect(o.get('port')).toBe('1');
    expect(o.get('controlmaster')).toBe('auto');
  });
});
