/**
 * The warm Python runner's controller-side pieces without a host: the frames, and which
 * module runs may use the runner (the others run a fresh interpreter as before).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { argsLiteral, fillPayload, type ModulePayload } from '../../../src/bridge/module-payload.js';
import {
  encodeFrames,
  FrameReader,
  pythonRunnerEnabled,
  runnerCanRun,
} from '../../../src/bridge/python-runner.js';
import type { Transport } from '../../../src/connection/transport.js';
import type { ModuleContext } from '../../../src/modules/types.js';

describe('runner frames', () => {
  it('reads frames split anywhere, binary and empty ones included', () => {
    const frames = [Buffer.from('{"id":1}'), Buffer.alloc(0), Buffer.from([0, 255, 10, 13, 0])];
    const wire = encodeFrames(...frames);
    for (let cut = 0; cut <= wire.length; cut++) {
      const reader = new FrameReader();
      const got = [...reader.push(wire.subarray(0, cut)), ...reader.push(wire.subarray(cut))];
      expect(got.map((f) => [...f])).toEqual(frames.map((f) => [...f]));
    }
  });

  it('reports the length a partial frame announces', () => {
    const reader = new FrameReader();
    expect(reader.pendingLength(Buffer.from('Welc'))).toBe(0x57656c63);
    expect(reader.pendingLength(Buffer.from([0, 0]))).toBe(0);
  });

  it('fills the payload with the same literal the runner puts between head and tail', () => {
    const payload: ModulePayload = { style: 'new', head: Buffer.from('A = '), tail: Buffer.from('\nB') };
    const args = { x: "it's é" };
    expect(fillPayload(payload, args)).toEqual(
      Buffer.concat([payload.head!, argsLiteral(args), payload.tail!]),
    );
  });
});

describe('runnerCanRun', () => {
  const transport = { key: 'u@h:22', openStream: async () => ({}) } as unknown as Transport;
  const ctx = (over: Partial<ModuleContext> = {}): ModuleContext =>
    ({ transport, host: 'h', check: false, diff: false, ...over }) as ModuleContext;
  afterEach(() => {
    delete process.env.FLOTILLA_PYTHON_RUNNER;
  });

  it('takes plain runs, with an environment that does not change how Python starts', () => {
    expect(runnerCanRun(ctx(), '/usr/bin/python3')).toBe(true);
    expect(
      runnerCanRun(ctx({ environment: { http_proxy: 'x', PATH: '/opt/bin' } }), '/usr/bin/python3'),
    ).toBe(true);
  });

  it('leaves become, timeouts, start-up variables and transports without streams to a fresh interpreter', () => {
    expect(runnerCanRun(ctx({ become: { user: 'root', method: 'sudo' } }), '/usr/bin/python3')).toBe(false);
    expect(runnerCanRun(ctx({ timeoutMs: 1000 }), '/usr/bin/python3')).toBe(false);
    for (const name of ['LANG', 'LC_ALL', 'PYTHONPATH', 'TZ', 'HOME', 'LD_PRELOAD', 'bad-name'])
      expect(runnerCanRun(ctx({ environment: { [name]: 'x' } }), '/usr/bin/python3')).toBe(false);
    expect(runnerCanRun(ctx({ environment: { PATH: '/opt/bin' } }), 'python3')).toBe(false);
    const local = { key: 'local' } as Transport;
    expect(runnerCanRun(ctx({ transport: local }), '/usr/bin/python3')).toBe(false);
  });

  it('is off with FLOTILLA_PYTHON_RUNNER=0', () => {
    expect(pythonRunnerEnabled({})).toBe(true);
    expect(pythonRunnerEnabled({ FLOTILLA_PYTHON_RUNNER: '0' })).toBe(false);
    expect(pythonRunnerEnabled({ FLOTILLA_PYTHON_RUNNER: 'off' })).toBe(false);
    expect(pythonRunnerEnabled({ FLOTILLA_PYTHON_RUNNER: '1' })).toBe(true);
    process.env.FLOTILLA_PYTHON_RUNNER = '0';
    expect(runnerCanRun(ctx(), '/usr/bin/python3')).toBe(false);
  });
});
