import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostStatus, RunEvent } from '../../../src/output/events.js';
import { ProgressReporter } from '../../../src/output/progress-reporter.js';

const CLEAR = '\r\u001b[2K';

function res(host: string, status: HostStatus, extra: object = {}): RunEvent {
  return {
    type: 'host_result',
    host,
    task: 'ping',
    action: 'ping',
    status,
    result: { changed: status === 'changed', msg: `${status} on ${host}` },
    ...extra,
  } as RunEvent;
}

describe('ProgressReporter', () => {
  let clock = 0;
  let out = '';
  let reporter: ProgressReporter;

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    out = '';
    reporter = new ProgressReporter({
      verbosity: 0,
      write: (s) => (out += s),
      color: false,
      now: () => clock,
      redrawMs: 100,
      tickMs: 1000,
    });
    reporter.handle({ type: 'play_start', name: 'fleet', hosts: [] });
    reporter.handle({ type: 'task_start', name: 'ping', action: 'ping', hostsTotal: 4, handler: false });
  });

  afterEach(() => {
    reporter.close();
    vi.useRealTimers();
  });

  it('shows one live line per task instead of a line per ok host', () => {
    clock = 50;
    reporter.handle(res('a', 'ok'));
    clock = 500;
    reporter.handle(res('b', 'changed'));
    expect(out).not.toContain('ok: [a]');
    expect(out.endsWith(`${CLEAR}  [2/4 hosts] ok=2 changed=1 failed=0 unreachable=0 skipped=0 0.5s`)).toBe(
      true,
    );
  });

  it('throttles redraws and flushes the pending one later', () => {
    clock = 10;
    reporter.handle(res('a', 'ok'));
    clock = 20;
    reporter.handle(res('b', 'ok'));
    const draws = () => out.split(CLEAR).length - 1;
    const before = draws();
    expect(out).not.toContain('[1/4 hosts]');
    clock = 100;
    vi.advanceTimersByTime(100);
    expect(draws()).toBe(before + 1);
    expect(out).toContain('[2/4 hosts]');
  });

  it('prints failures in full above the live line and keeps the last line', () => {
    clock = 200;
    reporter.handle(res('a', 'failed', { result: { failed: true, msg: 'boom' } }));
    reporter.handle(res('b', 'unreachable', { result: { unreachable: true, msg: 'down' } }));
    reporter.handle({ type: 'task_start', name: 'next', action: 'ping', hostsTotal: 4, handler: false });
    expect(out).toContain(`${CLEAR}fatal: [a]: FAILED! => {"msg": "boom"}\n`);
    expect(out).toContain('fatal: [b]: UNREACHABLE! => {"msg": "down", "unreachable": true}\n');
    expect(out).toContain(
      '  [2/4 hosts] ok=0 changed=0 failed=1 unreachable=1 skipped=0 0.2s\n\nTASK [next] ',
    );
  });

  it('refreshes the elapsed time while hosts are running', () => {
    clock = 3000;
    vi.advanceTimersByTime(1000);
    expect(out.endsWith('[0/4 hosts] ok=0 changed=0 failed=0 unreachable=0 skipped=0 3.0s')).toBe(true);
  });
});
