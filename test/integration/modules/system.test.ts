import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeUnsupported } from '../../../src/modules/util/remote.js';
import { type Harness, startHarness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(2);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('setup', () => {
  it('gathers prefixed facts in one round trip', async () => {
    const r = await h.run('setup', {});
    const f = r.ansible_facts as Record<string, unknown>;
    expect(r.changed).toBe(false);
    expect(typeof f.ansible_hostname).toBe('string');
    expect(f.ansible_system).toBe('Linux');
    expect(f.ansible_os_family).toBe('Debian');
    expect(f.ansible_processor_vcpus).toBeGreaterThan(0);
    expect(f.ansible_memtotal_mb).toBeGreaterThan(0);
    expect(f.ansible_user_uid).toBe(process.getuid?.());
    expect((f.ansible_date_time as { epoch: string }).epoch).toMatch(/^\d+$/);
    expect((f.ansible_env as Record<string, string>).HOME).toBeTruthy();
    expect((f.ansible_python as { executable: string }).executable).toMatch(/python/);
    const filtered = await h.run('setup', { filter: 'ansible_distribution*' });
    expect(
      Object.keys(filtered.ansible_facts as object).every((k) => k.startsWith('ansible_distribution')),
    ).toBe(true);
  });
});

describe('wait_for', () => {
  it('port started / stopped and path present / absent, with timeouts', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await h.run('wait_for', { port, timeout: 5 })).toMatchObject({
      changed: false,
      port,
      state: 'started',
    });
    await new Promise((r) => server.close(r));
    expect((await h.run('wait_for', { port, state: 'stopped', timeout: 5 })).failed).toBe(false);
    const late = await h.run('wait_for', { port, timeout: 1 });
    expect(late).toMatchObject({ failed: true, msg: `Timeout when waiting for 127.0.0.1:${port}` });
    const dir = h.tempDir();
    setTimeout(() => h.run('copy', { content: 'ready now\n', dest: `${dir}/flag` }), 300);
    expect(
      await h.run('wait_for', { path: `${dir}/flag`, search_regex: '(re)a(?P<rest>dy)', timeout: 10 }),
    ).toMatchObject({
      changed: false,
      search_regex: '(re)a(?P<rest>dy)',
      match_groups: ['re', 'dy'],
      match_groupdict: { rest: 'dy' },
    });
    expect(await h.run('wait_for', { path: `${dir}/none`, state: 'absent', timeout: 2 })).toMatchObject({
      changed: false,
    });
  });
});

describe('user and group', () => {
  const suffix = `${process.pid % 10000}`;
  const group = `fltg${suffix}`;
  const user = `fltu${suffix}`;
  afterAll(async () => {
    await h.run('user', { name: user, state: 'absent', remove: true });
    await h.run('group', { name: group, state: 'absent' });
  });

  it('group: check mode, create, idempotent, delete', async () => {
    expect((await h.run('group', { name: group }, { check: true })).changed).toBe(true);
    expect((await h.run('shell', { _raw_params: `getent group ${group}` })).rc).toBe(2);
    const made = await h.run('group', { name: group, system: true });
    expect(made).toMatchObject({ changed: true, name: group, state: 'present' });
    expect(typeof made.gid).toBe('number');
    expect((await h.run('group', { name: group })).changed).toBe(false);
  });

  it('user: create with shell and groups, idempotent, modify, delete', async () => {
    expect((await h.run('user', { name: user }, { check: true })).changed).toBe(true);
    const made = await h.run('user', { name: user, shell: '/bin/sh', groups: [group], create_home: false });
    expect(made).toMatchObject({ changed: true, name: user, state: 'present', shell: '/bin/sh' });
    expect(
      (await h.run('user', { name: user, shell: '/bin/sh', groups: [group], create_home: false })).changed,
    ).toBe(false);
    // its home does not exist: user.py would create it (create_home defaults on), so the
    // native form leaves that to Ansible's module
    await expect(h.run('user', { name: user, shell: '/bin/bash' })).rejects.toThrow(NativeUnsupported);
    const mod = await h.run('user', { name: user, shell: '/bin/bash', create_home: false });
    expect(mod).toMatchObject({ changed: true, shell: '/bin/bash' });
    expect((await h.run('shell', { _raw_params: `id -Gn ${user}` })).stdout).toContain(group);
    expect(await h.run('user', { name: user, state: 'absent' })).toMatchObject({
      changed: true,
      state: 'absent',
    });
    expect((await h.run('user', { name: user, state: 'absent' })).changed).toBe(false);
    expect(await h.run('group', { name: group, state: 'absent' })).toMatchObject({ changed: true });
  });
});

describe('apt / package (no installs from tests)', () => {
  it('an installed package is a no-op; a missing one is left to apt.py (the bridge)', async () => {
    expect(await h.run('apt', { name: 'coreutils', state: 'present' })).toMatchObject({ changed: false });
    expect(await h.run('package', { name: ['coreutils', 'bash'], state: 'present' })).toMatchObject({
      changed: false,
    });
    const missing = 'flotilla-no-such-package';
    await expect(h.run('apt', { name: missing }, { check: true })).rejects.toThrow(NativeUnsupported);
    const absent = await h.run('apt', { name: missing, state: 'absent' });
    expect(absent).toMatchObject({ changed: false });
    expect(absent).not.toHaveProperty('cache_updated');
    await expect(h.run('apt', { name: 'coreutils', state: 'absent' })).rejects.toThrow(NativeUnsupported);
  });
});

describe('pause (runs in the worker, no connection)', () => {
  it('pause seconds=0 returns its result', async () => {
    expect(await h.run('pause', { seconds: 0 })).toMatchObject({ changed: false });
  });
});
