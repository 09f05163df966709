import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/output/events.js';
import { captureReport } from '../../support/reporter-capture.js';

const result = (host: string, task: string, sessions?: number): RunEvent => ({
  type: 'host_result',
  host,
  task,
  action: 'command',
  status: 'ok',
  result: { changed: false },
  durationMs: 100,
  ...(sessions === undefined ? {} : { sessions }),
});

describe('--profile: SSH sessions per host', () => {
  const events: RunEvent[] = [
    result('a', 't1', 1),
    result('b', 't1', 1),
    result('c', 't1', 2),
    result('a', 't2', 1), // running totals: a host's latest (largest) count is its count
    result('b', 't2', 3),
    result('c', 't2', 2),
    { type: 'recap', stats: {} },
  ];

  it('adds a section after the slowest hosts, leaving the lines before it as they were', () => {
    const withSessions = captureReport({ profile: true }, events);
    const without = captureReport(
      { profile: true },
      events.map((e) => (e.type === 'host_result' ? { ...e, sessions: undefined } : e)),
    );
    expect(without).not.toContain('SSH sessions');
    const section = withSessions.slice(withSessions.indexOf('PROFILE: SSH sessions'));
    expect(withSessions.slice(0, withSessions.indexOf('PROFILE: SSH sessions'))).toBe(without);
    expect(section.split('\n').slice(0, 2)).toEqual([
      `PROFILE: SSH sessions opened per host ${'*'.repeat(42)}`,
      '3 hosts, 6 sessions: min 1, median 2, max 3 (b)',
    ]);
  });

  it('is in the JSON lines profile record', () => {
    const out = captureReport({ kind: 'json', profile: true }, events);
    const last = JSON.parse(out.trimEnd().split('\n').pop()!);
    expect(last.sessions).toEqual({ hosts: 3, total: 6, min: 1, median: 2, max: 3, maxHost: 'b' });
  });
});
