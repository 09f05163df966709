/**
 * The warm Python runner (bridge/python-runner.ts) on the real fleet: the same results as a
 * fresh interpreter per module, one extra session per host however many modules run, a
 * killed runner replaced, a missing interpreter falling back, and nothing left in /tmp.
 */
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PayloadBuilder } from '../../../src/bridge/payload-builder.js';
import { forgetUnavailableRunners, idleRunner } from '../../../src/bridge/python-runner.js';
import { runBridged } from '../../../src/bridge/run-bridged.js';
import { sessionsOpened } from '../../../src/connection/session-count.js';
import { SshTransport } from '../../../src/connection/ssh-transport.js';
import type { ModuleContext, ModuleResult } from '../../../src/modules/types.js';
import { tempDir } from '../../support/temp-dirs.js';
import { type Harness, startHarness } from '../modules/helpers/harness.js';

const BUILTIN = '/usr/lib/python3/dist-packages/ansible/modules';
const COLLECTIONS = '/usr/lib/python3/dist-packages/ansible_collections';
const PYTHON = '/usr/bin/python3';
let h: Harness;
let builder: PayloadBuilder;
let scratch: string;

beforeAll(async () => {
  // Fresh runs on sessions of their own, so the runner's one extra session can be counted.
  h = await startHarness(2, { persistentChannel: false });
  builder = new PayloadBuilder();
  scratch = tempDir('flotilla-h16r-test-');
}, 60_000);
afterAll(async () => {
  builder.close();
  await h.close();
  rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.FLOTILLA_PYTHON_RUNNER;
  forgetUnavailableRunners();
});

function localModule(name: string, source: string): { name: string; path: string } {
  const file = path.join(scratch, `${name}.py`);
  writeFileSync(file, source);
  chmodSync(file, 0o755);
  return { name, path: file };
}

/** The module run with the runner off (a fresh python3 per module) and on. */
async function bothWays(
  module: { name: string; path: string },
  args: Record<string, unknown>,
  overrides: Partial<ModuleContext> = {},
  reset: () => void = () => {},
): Promise<{ fresh: ModuleResult; warm: ModuleResult }> {
  const ctx = h.ctx({ pythonInterpreter: PYTHON, ...overrides });
  process.env.FLOTILLA_PYTHON_RUNNER = '0';
  const fresh = await runBridged(module, args, ctx, builder);
  reset();
  delete process.env.FLOTILLA_PYTHON_RUNNER;
  const warm = await runBridged(module, args, ctx, builder);
  return { fresh: normalised(fresh), warm: normalised(warm) };
}

/** The wrapper's random temp dir names. */
function normalised(result: ModuleResult): ModuleResult {
  return JSON.parse(JSON.stringify(result).replace(/_payload_[A-Za-z0-9_]+\//g, '_payload_X/'));
}

describe('python runner', () => {
  it('gives the same results as a fresh interpreter, on one extra session for all of them', async () => {
    const host = h.fleet.hosts[0].name;
    const ini = path.join(scratch, 'bench.ini');
    const noisy = localModule(
      'noisy',
      `#!/usr/bin/python3
import os, sys
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(how=dict(type='str', default='ok'), secret=dict(no_log=True)),
                  supports_check_mode=True)
how = m.params['how']
if how == 'crash':
    raise RuntimeError('boom')
if how == 'fail':
    m.fail_json(msg='it failed', detail=[1, 'é'])
if how == 'exit-text':
    sys.stderr.write('on stderr\\n')
    sys.exit('exiting with text')
if how == 'exit-3':
    print('not json')
    sys.exit(3)
if how == 'signal':
    os.kill(os.getpid(), 9)
print('motd line')
print('{"changed": false, "check": %s, "token": "%s", "argv": "%s", "cwd": "%s"}' % (
    str(m.check_mode).lower(), os.environ.get('FLT_TOKEN', ''), sys.argv, os.getcwd()))
print('trailing junk')
sys.stdout.flush()
os._exit(0)
`,
    );
    const cases: [{ name: string; path: string }, Record<string, unknown>, Partial<ModuleContext>?][] = [
      [
        { name: 'getent', path: `${BUILTIN}/getent.py` },
        { database: 'passwd', key: 'root' },
      ],
      [
        {
          name: 'community.general.ini_file',
          path: `${COLLECTIONS}/community/general/plugins/modules/ini_file.py`,
        },
        { path: ini, section: 's', option: 'o', value: 'v' },
        { diff: true },
      ],
      [noisy, { how: 'ok', secret: 'hush' }, { check: true, environment: { FLT_TOKEN: 'tok en' } }],
      [noisy, { how: 'crash' }],
      [noisy, { how: 'fail' }],
      [noisy, { how: 'exit-text' }],
      [noisy, { how: 'exit-3' }],
      [noisy, { how: 'signal' }],
    ];
    const before = sessionsOpened(host);
    let freshSessions = 0;
    for (const [module, args, overrides] of cases) {
      const at = sessionsOpened(host);
      const reset = () => rmSync(ini, { force: true });
      const { fresh, warm } = await bothWays(module, args, overrides, reset);
      freshSessions += 1;
      expect(warm, `${module.name} ${JSON.stringify(args)}`).toEqual(fresh);
      expect(sessionsOpened(host) - at).toBeGreaterThanOrEqual(1);
    }
    // Every fresh run opened its session; all the warm runs shared one.
    expect(sessionsOpened(host) - before).toBe(freshSessions + 1);
  });

  it("warms up from the controller's compiled zip, with the paths and sources of a source import", async () => {
    const probe = localModule(
      'probe',
      `#!/usr/bin/python3
import inspect, json
from ansible.module_utils import basic
m = basic.AnsibleModule(argument_spec={})
code = basic.AnsibleModule.exit_json.__code__
m.exit_json(loader=type(basic.__loader__).__name__, file=basic.__file__,
            same=code.co_filename == basic.__file__,
            source=inspect.getsource(basic.AnsibleModule.exit_json).splitlines()[0].strip())
`,
    );
    const ctx = h.ctx({ pythonInterpreter: PYTHON });
    process.env.FLOTILLA_PYTHON_RUNNER = '0';
    const fresh = await runBridged(probe, {}, ctx, builder);
    delete process.env.FLOTILLA_PYTHON_RUNNER;
    const warm = await runBridged(probe, {}, ctx, builder);
    const runner = await idleRunner(ctx, PYTHON);
    expect(runner?.sentBytecode).toBe(true);
    expect(fresh).toMatchObject({
      loader: 'zipimporter',
      same: true,
      source: 'def exit_json(self, **kwargs):',
    });
    expect(warm).toMatchObject({
      loader: 'Precompiled',
      same: true,
      source: 'def exit_json(self, **kwargs):',
    });
    expect(String(fresh.file)).toMatch(/_payload\.zip\/ansible\/module_utils\/basic\.py$/);
    expect(warm.file).toBe(`${runner!.dir}/warm.zip/ansible/module_utils/basic.py`);
  });

  it('replaces a killed runner on the next module, and its reaper removes its dir', async () => {
    const ctx = h.ctx({ transport: h.transports[1], host: h.fleet.hosts[1].name, pythonInterpreter: PYTHON });
    const ping = { name: 'ping', path: `${BUILTIN}/ping.py` };
    expect(await runBridged(ping, { data: 'one' }, ctx, builder)).toMatchObject({ ping: 'one' });
    const first = await idleRunner(ctx, PYTHON);
    expect(first?.pid).toBeGreaterThan(1);
    expect(existsSync(first!.dir!)).toBe(true);
    await h.transports[1].exec(`kill -KILL ${first!.pid}`);
    await waitFor(() => first!.closed && !existsSync(first!.dir!));
    const at = sessionsOpened(ctx.host);
    expect(await runBridged(ping, { data: 'two' }, ctx, builder)).toMatchObject({ ping: 'two' });
    const second = await idleRunner(ctx, PYTHON);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(second!.pid).not.toBe(first!.pid);
    // The new runner's session, and nothing else: the module ran on it.
    expect(sessionsOpened(ctx.host) - at).toBe(1);
  });

  it('falls back to a fresh command when the interpreter does not exist, and remembers it', async () => {
    const ctx = h.ctx({ pythonInterpreter: '/nonexistent/python9' });
    const ping = { name: 'ping', path: `${BUILTIN}/ping.py` };
    const res = await runBridged(ping, {}, ctx, builder);
    expect(res).toMatchObject({
      failed: true,
      msg: 'The module failed to execute correctly, you probably need to set the interpreter.\nSee stdout/stderr for the exact error',
      rc: 127,
    });
    const at = sessionsOpened(ctx.host);
    expect(await idleRunner(ctx, '/nonexistent/python9')).toBeUndefined();
    expect(await runBridged(ping, {}, ctx, builder)).toMatchObject({ rc: 127 });
    // Not tried again: only the module's own session.
    expect(sessionsOpened(ctx.host) - at).toBe(1);
  });

  it('keeps module arguments off command lines and files, and leaves nothing in /tmp when the connection closes', async () => {
    const before = new Set(readdirSync('/tmp'));
    const fleetHost = h.fleet.hosts[0];
    const transport = new SshTransport({
      host: fleetHost.name,
      connection: 'ssh',
      address: fleetHost.address,
      port: h.fleet.port,
      user: h.fleet.user,
      privateKeyFile: h.fleet.privateKeyFile,
      connectTimeoutMs: 10_000,
      hostKeyChecking: 'strict',
      knownHostsFiles: [h.fleet.knownHostsFile],
      keepaliveIntervalMs: 0,
    });
    await transport.connect();
    const ctx = h.ctx({ transport, pythonInterpreter: PYTHON, noLog: true });
    const secret = `s3cret-${process.pid}-${Date.now()}`;
    const slow = localModule(
      'slow_secret',
      `#!/usr/bin/python3
import time
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(password=dict(no_log=True)))
time.sleep(1.5)
m.exit_json(changed=False)
`,
    );
    const running = runBridged(slow, { password: secret }, ctx, builder);
    await new Promise((r) => setTimeout(r, 700));
    const seen = await h.transports[1].exec(
      `ps -eo args | grep -c -- '[s]${secret.slice(1)}'; grep -rl -- '[s]${secret.slice(1)}' /tmp/flotilla-runner-* 2>/dev/null | wc -l`,
    );
    // No command line and no file of the runner holds it (the pattern does not match itself).
    expect(seen.stdout.trim().split('\n')).toEqual(['0', '0']);
    expect(await running).toEqual({
      changed: false,
      invocation: { module_args: { password: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' } },
    });
    const runner = await idleRunner(ctx, PYTHON);
    expect(existsSync(runner!.dir!)).toBe(true);
    await transport.close();
    expect(runner!.closed).toBe(true);
    await waitFor(() => !existsSync(runner!.dir!));
    const left = readdirSync('/tmp').filter(
      (f) => !before.has(f) && /^(flotilla-runner-|ansible_slow_secret_payload_)/.test(f),
    );
    expect(left).toEqual([]);
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
