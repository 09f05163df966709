import { describe, expect, it } from 'vitest';
import type { UnitOutcome } from '../../../src/protocol/messages.js';
import { RecapStats } from '../../../src/strategy/recap-stats.js';

function outcome(host: string, status: UnitOutcome['status']): UnitOutcome {
  return { host, taskId: 't', status, result: {}, ignored: false, notified: [], durationMs: 0, noLog: false };
}

describe('RecapStats', () => {
  it('lists hosts as Python sorted() does: by code point, not by locale', () => {
    const stats = new RecapStats();
    for (const host of ['web-b', 'Web-a', 'db10', 'db2', 'web-a']) stats.record(outcome(host, 'ok'));
    // localeCompare would give db10, db2, web-a, Web-a, web-b.
    expect(Object.keys(stats.snapshot())).toEqual(['Web-a', 'db10', 'db2', 'web-a', 'web-b']);
  });

  it('counts an ignored changed failure as ok, changed and ignored', () => {
    const stats = new RecapStats();
    stats.record({ ...outcome('h', 'failed'), ignored: true, result: { changed: true } });
    expect(stats.of('h')).toMatchObject({ ok: 1, changed: 1, ignored: 1, failed: 0 });
  });
});
