import { describe, expect, it } from 'vitest';
import type { HostStatus, RunEvent } from '../../../src/output/events.js';
import { computeStats } from '../../../src/output/stats.js';

function result(
  host: string,
  status: HostStatus,
  extra: Partial<Extract<RunEvent, { type: 'host_result' }>> = {},
) {
  return {
    type: 'host_result',
    host,
    task: 't',
    action: 'command',
    status,
    result: { changed: status === 'changed' },
    ...extra,
  } as RunEvent;
}

describe('computeStats (Ansible recap accounting)', () => {
  it('counts a change as ok and changed', () => {
    expect(computeStats([result('h', 'changed'), result('h', 'ok')]).h).toMatchObject({ ok: 2, changed: 1 });
  });

  it('counts an ignored failure as ok + ignored, never failed', () => {
    const ev = result('h', 'failed', { ignored: true, result: { failed: true, changed: true } });
    expect(computeStats([ev]).h).toEqual({
      ok: 1,
      changed: 1,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 0,
      ignored: 1,
    });
  });

  it('counts a rescued failure as rescued only', () => {
    expect(computeStats([result('h', 'failed', { rescued: true })]).h).toMatchObject({
      failed: 0,
      rescued: 1,
      ok: 0,
    });
  });

  it('counts ignore_unreachable as ok + ignored', () => {
    const stats = computeStats([result('h', 'unreachable', { ignored: true }), result('g', 'unreachable')]);
    expect(stats.h).toMatchObject({ ok: 1, ignored: 1, unreachable: 0 });
    expect(stats.g).toMatchObject({ unreachable: 1, ok: 0 });
  });

  it('ignores per-item events and sorts hosts', () => {
    const stats = computeStats([
      result('zed', 'ok', { item: 1 }),
      result('zed', 'skipped'),
      result('alpha', 'ok', { item: 'a' }),
      result('alpha', 'ok', { loop: true }),
    ]);
    expect(Object.keys(stats)).toEqual(['alpha', 'zed']);
    expect(stats.alpha.ok).toBe(1);
    expect(stats.zed).toMatchObject({ ok: 0, skipped: 1 });
  });
});
