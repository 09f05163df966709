import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingModule } from '../../../src/modules/ping.js';
import { type Harness, startHarness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(2);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('command / shell / raw on a real sshd', () => {
  it('command runs argv without a shell and reports Ansible keys', async () => {
    const r = await h.run('command', { _raw_params: 'echo "a b" $HOME' });
    expect(r.rc).toBe(0);
    // Ansible 2.14's run_command expands $VAR and ~ in each argument (no shell runs it).
    expect(r.stdout).toBe('a b /root');
    expect(r.cmd).toEqual(['echo', 'a b', '$HOME']);
    expect(r.changed).toBe(true);
    expect(r.msg).toBe('');
    expect(r.delta).toMatch(/^0:00:0\d(\.\d{6})?$/);
    expect(r.stdout_lines).toEqual(['a b /root']);
  });

  it('shell uses /bin/sh and reports cmd as the string', async () => {
    const r = await h.run('shell', { _raw_params: 'echo one; echo two >&2; exit 3' });
    expect(r.failed).toBe(true);
    expect(r.rc).toBe(3);
    expect(r.msg).toBe('non-zero return code');
    expect(r.stdout_lines).toEqual(['one']);
    expect(r.stderr).toBe('two');
    expect(r.cmd).toBe('echo one; echo two >&2; exit 3');
  });

  it('argv, chdir and stdin', async () => {
    const dir = h.tempDir();
    const r = await h.run('command', { argv: ['sh', '-c', 'pwd; cat'], chdir: dir, stdin: 'hello' });
    expect(r.stdout).toBe(`${dir}\nhello`);
    const bad = await h.run('command', { _raw_params: 'pwd', chdir: `${dir}/missing` });
    expect(bad.failed).toBe(true);
    expect(String(bad.msg)).toContain('Unable to change directory before execution');
  });

  it("a program that does not exist fails as Python's ENOENT, running nothing (as ansible-core 2.14)", async () => {
    const r = await h.run('command', { _raw_params: '/nonexistent/bin --flag' });
    expect(r).toMatchObject({
      changed: false,
      failed: true,
      rc: 2,
      cmd: '/nonexistent/bin --flag',
      msg: "[Errno 2] No such file or directory: b'/nonexistent/bin'",
      stdout: '',
      stderr: '',
    });
    expect(r).not.toHaveProperty('delta');
    const notOnPath = await h.run('command', { argv: ['no-such-program-xyz', 'a b'] });
    expect(notOnPath).toMatchObject({ rc: 2, cmd: "no-such-program-xyz 'a b'" });
    const onPath = await h.run('command', { _raw_params: 'true' });
    expect(onPath.rc).toBe(0);
  });

  it('creates / removes skip with Ansible text, and are idempotent', async () => {
    const dir = h.tempDir();
    const marker = `${dir}/made`;
    const first = await h.run('command', { _raw_params: `touch ${marker}`, creates: marker });
    expect(first.changed).toBe(true);
    const second = await h.run('command', { _raw_params: `touch ${marker}`, creates: marker });
    expect(second).toMatchObject({
      changed: false,
      rc: 0,
      stdout: `skipped, since ${marker} exists`,
      msg: `Did not run command since '${marker}' exists`,
    });
    const globbed = await h.run('shell', { _raw_params: 'false', creates: `${dir}/ma*` });
    expect(globbed.changed).toBe(false);
    const removes = await h.run('command', { _raw_params: 'true', removes: `${dir}/nothing` });
    expect(removes).toMatchObject({ changed: false, stdout: `skipped, since ${dir}/nothing does not exist` });
  });

  it('check mode skips command and shell', async () => {
    const dir = h.tempDir();
    const r = await h.run('shell', { _raw_params: `touch ${dir}/x` }, { check: true });
    expect(r).toMatchObject({
      changed: false,
      skipped: true,
      msg: 'Command would have run if not in check mode',
    });
    const st = await h.run('stat', { path: `${dir}/x` });
    expect((st.stat as { exists: boolean }).exists).toBe(false);
  });

  it('raw sends the text untouched', async () => {
    const r = await h.run('raw', { _raw_params: 'echo $((1+2))' });
    expect(r).toMatchObject({ changed: true, rc: 0 });
    expect(String(r.stdout).trim()).toBe('3');
  });

  it('runs on the second host too', async () => {
    const r = await h.run(
      'command',
      { _raw_params: 'true' },
      { transport: h.transports[1], host: h.fleet.hosts[1].name },
    );
    expect(r.rc).toBe(0);
  });

  it("ping, and the crash it leaves to Ansible's module", async () => {
    // TaskExecutor's defaults: every result carries failed and changed
    expect(await h.run('ping', {})).toEqual({
      changed: false,
      failed: false,
      ping: 'pong',
      invocation: { module_args: { data: 'pong' } },
    });
    // data=crash raises in Ansible's module: that task goes to the bridge (test/integration/run/module-crash)
    expect(pingModule.bridgeFor?.({ data: 'crash' })).toBe(true);
    expect(pingModule.bridgeFor?.({ data: 'x' })).toBe(false);
  });

  it('script uploads, runs with args and removes the temp file', async () => {
    const dir = h.tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/s.sh`, '#!/bin/sh\necho "args: $*"\n');
    const r = await h.run('script', { _raw_params: `${dir}/s.sh one 'two three'` });
    expect(r).toMatchObject({ changed: true, rc: 0, stdout_lines: ['args: one two three'] });
    const left = await h.run('shell', { _raw_params: 'ls /tmp/.flotilla-script-* 2>/dev/null | wc -l' });
    expect(left.stdout).toBe('0');
  });
});
