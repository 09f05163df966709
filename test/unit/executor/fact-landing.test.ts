/**
 * delegate_facts: where a task's facts land (fact-landing.ts), and how the hostvars log hands
 * facts made on one worker to the worker that owns the delegated host (hostvars-log.ts).
 */
import { describe, expect, it } from 'vitest';
import { factLandings } from '../../../src/executor/fact-landing.js';
import type { UnitOutcome } from '../../../src/protocol/messages.js';
import { HostvarsLog } from '../../../src/strategy/hostvars-log.js';

function outcome(extra: Partial<UnitOutcome>): UnitOutcome {
  return {
    host: 'a',
    taskId: 't',
    status: 'ok',
    result: {},
    ignored: false,
    notified: [],
    durationMs: 0,
    noLog: false,
    ...extra,
  };
}

const delegated = (host: string) => ({ ansible_delegated_host: host, ansible_host: host });

describe('factLandings', () => {
  it("keeps facts on the task's host unless delegate_facts holds", () => {
    const result = { ansible_facts: { x: 1 }, _ansible_delegated_vars: delegated('b') };
    expect(factLandings(outcome({ result, delegatedTo: 'b' }))).toEqual([{ host: 'a', facts: { x: 1 } }]);
    expect(factLandings(outcome({ result, delegatedTo: 'b', delegateFacts: true }))).toEqual([
      { host: 'b', facts: { x: 1 } },
    ]);
  });

  it("sends each loop item's facts to that item's delegate", () => {
    const items = ['a', 'c'].map((h) => ({
      status: 'ok' as const,
      result: { ansible_facts: { who: h }, _ansible_delegated_vars: delegated(h) },
      item: h,
      label: h,
      delegatedTo: h,
    }));
    expect(factLandings(outcome({ items, delegateFacts: true }))).toEqual([
      { host: 'a', facts: { who: 'a' } },
      { host: 'c', facts: { who: 'c' } },
    ]);
  });

  it('lands nothing for a failed or skipped task', () => {
    const result = { ansible_facts: { x: 1 } };
    expect(factLandings(outcome({ result, status: 'failed' }))).toEqual([]);
    expect(factLandings(outcome({ result, status: 'skipped' }))).toEqual([]);
  });
});

describe('HostvarsLog', () => {
  it("gives a delegated host's owner the facts another worker made for it", () => {
    const log = new HostvarsLog();
    const owner = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    log.add({ host: 'b', vars: { plain: 1 } });
    log.add({ host: 'b', vars: {}, facts: { x: 1 }, toOwner: true });
    // The owner of b gets only the entry made elsewhere; the other worker gets both.
    expect(log.takeFor(1, owner)).toEqual([{ host: 'b', vars: {}, facts: { x: 1 }, toOwner: true }]);
    expect(log.takeFor(0, owner)).toHaveLength(2);
  });
});
