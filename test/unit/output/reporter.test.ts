import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../../src/output/colors.js';
import type { RunEvent } from '../../../src/output/events.js';
import { captureReport } from '../../support/reporter-capture.js';

const hostOk = (host: string, durationMs: number, task = 'slow'): RunEvent => ({
  type: 'host_result',
  host,
  task,
  action: 'command',
  status: 'ok',
  result: { changed: false },
  durationMs,
});

describe('createReporter', () => {
  it('pads banners to the terminal width minus one on a TTY', () => {
    const out = captureReport({ isTTY: true, columns: 100 }, [{ type: 'play_start', name: 'p', hosts: [] }]);
    expect(out).toBe(`\nPLAY [p] ${'*'.repeat(99 - 8)}\n`);
  });

  it('falls back to the default text when progress is asked without a TTY or with -v', () => {
    const events: RunEvent[] = [
      { type: 'task_start', name: 't', action: 'command', hostsTotal: 1, handler: false },
      hostOk('h', 1, 't'),
    ];
    expect(captureReport({ kind: 'progress', isTTY: false }, events)).toContain('ok: [h]\n');
    expect(captureReport({ kind: 'progress', isTTY: true, verbosity: 1 }, events)).toContain(
      'ok: [h] => {"changed": false}',
    );
  });

  it('writes one JSON object per event, no_log results censored', () => {
    const out = captureReport({ kind: 'json' }, [
      { type: 'play_start', name: 'p', hosts: ['h'] },
      {
        ...(hostOk('h', 5) as Extract<RunEvent, { type: 'host_result' }>),
        noLog: true,
        result: { changed: true, stdout: 'secret' },
      },
    ]);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ type: 'play_start', name: 'p', hosts: ['h'], ts: '2024-01-02T03:04:05.000Z' });
    expect(lines[1].result.censored).toMatch(/no_log: true/);
    expect(out).not.toContain('secret');
  });

  it('prints the profile after the recap: slowest tasks with their slowest host, then hosts', () => {
    const out = captureReport({ profile: true }, [
      { type: 'task_start', name: 'fast', action: 'command', hostsTotal: 2, handler: false },
      hostOk('a', 100, 'fast'),
      hostOk('b', 200, 'fast'),
      { type: 'task_start', name: 'slow', action: 'command', hostsTotal: 2, handler: false },
      hostOk('a', 1500, 'slow'),
      hostOk('b', 2250, 'slow'),
      { type: 'recap', stats: {} },
    ]);
    const profile = out.slice(out.indexOf('PROFILE'));
    const lines = profile.split('\n');
    // Same layout as profile_tasks: '{0:-<70}{1:->9}'.format(name + ' ', ' 3.75s').
    expect(lines[1]).toBe(`TASK [slow] ${'-'.repeat(61)} 3.75s (max 2.25s on b)`);
    expect(lines[2]).toBe(`TASK [fast] ${'-'.repeat(61)} 0.30s (max 0.20s on b)`);
    expect(lines[5]).toBe(`b ${'-'.repeat(71)} 2.45s`);
    expect(lines[6]).toBe(`a ${'-'.repeat(71)} 1.60s`);
  });

  it('adds a profile record to JSON lines output', () => {
    const out = captureReport({ kind: 'json', profile: true }, [
      hostOk('a', 40),
      { type: 'recap', stats: {} },
    ]);
    const last = JSON.parse(out.trimEnd().split('\n').pop()!);
    expect(last.type).toBe('profile');
    expect(last.hosts).toEqual([{ host: 'a', totalMs: 40 }]);
  });
});

describe('shouldUseColor', () => {
  it('colours a TTY unless NO_COLOR or ANSIBLE_NOCOLOR says otherwise', () => {
    expect(shouldUseColor(true, {})).toBe(true);
    expect(shouldUseColor(false, {})).toBe(false);
    expect(shouldUseColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(true, { ANSIBLE_NOCOLOR: 'true' })).toBe(false);
    expect(shouldUseColor(true, { ANSIBLE_NOCOLOR: '0' })).toBe(true);
  });
});
