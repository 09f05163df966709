import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/output/events.js';
import { captureReport } from '../../support/reporter-capture.js';

const result = (
  host: string,
  action: string,
  status: 'ok' | 'changed' | 'failed' | 'skipped',
  roundTrips?: number,
  item?: string,
): RunEvent => ({
  type: 'host_result',
  host,
  task: `t ${action}`,
  action,
  status,
  result: { changed: status === 'changed' },
  durationMs: 100,
  ...(roundTrips === undefined ? {} : { roundTrips }),
  ...(item === undefined ? {} : { item }),
});

describe('--profile: round trips per host-task, by action', () => {
  const events: RunEvent[] = [
    result('a', 'file', 'ok', 1),
    result('b', 'file', 'ok', 1),
    result('c', 'file', 'changed', 2),
    result('a', 'lineinfile', 'changed', 2),
    result('b', 'lineinfile', 'changed', 3),
    result('c', 'lineinfile', 'failed', 9), // failures are not counted
    result('a', 'copy', 'changed', 7, 'x'), // an item: the loop's aggregate counts every item
    result('a', 'copy', 'changed', 4),
    result('b', 'copy', 'skipped', 0),
    { type: 'recap', stats: {} },
  ];

  it('prints each action with the median and max of unchanged and changed host-tasks', () => {
    const out = captureReport({ profile: true }, events);
    const section = out.slice(out.indexOf('PROFILE: round trips')).trimEnd().split('\n');
    expect(section[0]).toBe(
      'PROFILE: round trips per host-task (median, max over host-tasks) '.padEnd(80, '*'),
    );
    expect(section.slice(1).map((l) => l.replace(/ +/g, ' '))).toEqual([
      'copy unchanged - changed 4, max 4 (1)',
      'file unchanged 1, max 1 (2) changed 2, max 2 (1)',
      'lineinfile unchanged - changed 2, max 3 (2)',
    ]);
  });

  it('has no section when no task made a round trip (local connections)', () => {
    const local = events.map((e) => (e.type === 'host_result' ? { ...e, roundTrips: 0 } : e));
    expect(captureReport({ profile: true }, local)).not.toContain('round trips');
  });

  it('is in the JSON lines profile record', () => {
    const out = captureReport({ kind: 'json', profile: true }, events);
    const last = JSON.parse(out.trimEnd().split('\n').pop()!);
    expect(last.roundTrips).toEqual([
      { action: 'copy', changed: { tasks: 1, median: 4, max: 4 } },
      {
        action: 'file',
        unchanged: { tasks: 2, median: 1, max: 1 },
        changed: { tasks: 1, median: 2, max: 2 },
      },
      { action: 'lineinfile', changed: { tasks: 2, median: 2, max: 3 } },
    ]);
  });
});
