import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../../src/connection/transport.js';
import { newHostState } from '../../../src/executor/host-state.js';
import { type ModuleConnections, ModuleRunner } from '../../../src/executor/module-runner.js';
import type { ModuleRunOptions } from '../../../src/executor/task-executor.js';
import type { TaskSpec } from '../../../src/plan/task-spec.js';
import type { PlayData } from '../../../src/protocol/messages.js';
import { RecordingTransport } from '../../support/recording-transport.js';
import { tempDir } from '../../support/temp-dirs.js';

const dir = tempDir('flotilla-module-runner-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = newHostState({ name: 'web1', slot: 0, vars: {}, groupNames: [] });
const play = { playbookDir: dir } as PlayData;
const spec = { action: 'command' } as TaskSpec;
const task = (extra: Partial<ModuleRunOptions> = {}): ModuleRunOptions => ({
  check: false,
  diff: false,
  ...extra,
});

/** A Debian 12 host with python3.11 (interpreter discovery's one round trip). */
const DISCOVERY_ANSWER =
  'PLATFORM\nLinux\nFOUND\n/usr/bin/python3.11\n/usr/bin/python3\nENDFOUND\nOSRELEASE\nID=debian\nVERSION_ID="12"\n';

/** A runner over one recording transport, its connections reporting `user` as the login user. */
function setup(user = 'deploy') {
  const transport = new RecordingTransport({ host: 'web1', connection: 'fake' } as never, {
    answer: (command) =>
      command.startsWith('echo PLATFORM')
        ? { rc: 0, stdout: DISCOVERY_ANSWER, stderr: '' }
        : { rc: 0, stdout: 'hi\n', stderr: '' },
  });
  const runs: ModuleRunOptions[] = [];
  const connections: ModuleConnections = {
    loginUser: () => user,
    run: async <T>(_host: unknown, options: ModuleRunOptions, run: (t: Transport) => Promise<T>) => {
      runs.push(options);
      return run(transport);
    },
  };
  const rendered: { file: string; vars: Record<string, unknown> }[] = [];
  const runner = new ModuleRunner({
    templar: {
      renderValue: (value) => value,
      renderFile: (file, vars) => {
        rendered.push({ file, vars });
        return 'rendered';
      },
    },
    connections,
    templateVars: () => ({ from: 'templateVars' }),
  });
  return { runner, transport, runs, rendered };
}

describe('ModuleRunner with a fake transport', () => {
  it('runs a module definition over the transport its connections give, with Ansible’s result keys', async () => {
    const { runner, transport, runs } = setup();
    const result = await runner.run(host, play, spec, 'command', { _raw_params: 'echo hi' }, task());
    expect(result).toMatchObject({ rc: 0, stdout: 'hi', changed: true, failed: false, stdout_lines: ['hi'] });
    expect(transport.commands.some((c) => c.command.includes('echo hi'))).toBe(true);
    expect(runs).toHaveLength(1);
  });

  it('does not become the user it logs in as, and becomes another one', async () => {
    const same = setup('deploy');
    await same.runner.run(
      host,
      play,
      spec,
      'command',
      { _raw_params: 'id' },
      task({ become: { user: 'deploy', method: 'sudo' } }),
    );
    expect(same.runs[0].become).toBeUndefined();
    expect(same.transport.commands.every((c) => c.options?.escalation === undefined)).toBe(true);

    const other = setup('deploy');
    await other.runner.run(
      host,
      play,
      spec,
      'command',
      { _raw_params: 'id' },
      task({ become: { user: 'root', method: 'sudo' } }),
    );
    expect(other.runs[0].become).toEqual({ user: 'root', method: 'sudo' });
    expect(other.transport.commands.some((c) => c.options?.escalation?.method === 'sudo')).toBe(true);
  });

  it('in check mode a module without check support is skipped without a command', async () => {
    const { runner, transport } = setup();
    const vars = { ansible_python_interpreter: '/usr/bin/python3' };
    const result = await runner.run(
      host,
      play,
      spec,
      'wait_for',
      { timeout: 1 },
      task({ check: true, vars }),
    );
    expect(result).toMatchObject({
      skipped: true,
      msg: 'remote module (wait_for) does not support check mode',
    });
    expect(transport.commands).toEqual([]);
  });

  it('discovers an unset interpreter once per task: the first result reports it, later ones and a known fact do not', async () => {
    const { runner, transport } = setup();
    const discoveries = () => transport.commands.filter((c) => c.command.startsWith('echo PLATFORM')).length;
    const discovery = {};
    const first = await runner.run(
      host,
      play,
      spec,
      'command',
      { _raw_params: 'a' },
      task({ vars: {} }),
      discovery,
    );
    expect(first.ansible_facts).toEqual({ discovered_interpreter_python: '/usr/bin/python3' });
    const item2 = await runner.run(
      host,
      play,
      spec,
      'command',
      { _raw_params: 'b' },
      task({ vars: {} }),
      discovery,
    );
    expect(item2.ansible_facts).toBeUndefined();
    expect(discoveries()).toBe(1);
    // a later task on a host whose facts hold it; a set interpreter; raw, which needs no Python
    const known = { ansible_facts: { discovered_interpreter_python: '/usr/bin/python3' } };
    await runner.run(host, play, spec, 'command', { _raw_params: 'c' }, task({ vars: known }), {});
    const set = { ansible_python_interpreter: '/opt/py' };
    await runner.run(host, play, spec, 'command', { _raw_params: 'd' }, task({ vars: set }), {});
    await runner.run(host, play, spec, 'raw', { _raw_params: 'e' }, task({ vars: {} }), {});
    expect(discoveries()).toBe(1);
    // auto_silent still discovers, anew for another task
    const silent = { ansible_python_interpreter: 'auto_silent' };
    const again = await runner.run(
      host,
      play,
      spec,
      'command',
      { _raw_params: 'f' },
      task({ vars: silent }),
      {},
    );
    expect(again.ansible_facts).toEqual({ discovered_interpreter_python: '/usr/bin/python3' });
    expect(discoveries()).toBe(2);
  });

  it('finds a template in the playbook’s templates dir and renders it with the task’s search path', async () => {
    mkdirSync(path.join(dir, 'templates'), { recursive: true });
    writeFileSync(path.join(dir, 'templates', 'motd.j2'), 'x');
    const { runner, rendered } = setup();
    const args = { src: 'motd.j2', dest: '/etc/motd' };
    // Only the rendering is under test: the fake host's answers to the stat that follows it
    // make no sense to the module.
    const render = (options: ModuleRunOptions) =>
      runner.run(host, play, spec, 'template', args, options).catch(() => undefined);
    await render(task({ vars: { ansible_search_path: ['/roles/r'] } }));
    await render(task());
    const file = path.join(dir, 'templates', 'motd.j2');
    expect(rendered[0]).toEqual({
      file,
      vars: expect.objectContaining({ ansible_search_path: ['/roles/r', dir, path.dirname(file)] }),
    });
    // Without the task's variables, the host's (the worker's templateVars).
    expect(rendered[1]).toEqual({ file, vars: { from: 'templateVars' } });
  });
});
