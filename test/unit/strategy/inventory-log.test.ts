/**
 * group_by/add_host across workers without threads: a worker applies its own change at once
 * (WorkerInventory), the main thread applies it to the run's inventory and logs it
 * (InventoryLog), the other workers apply it with their next unit or play, and a host that
 * add_host made gets a shard and a registry slot when a play first targets it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addHost } from '../../../src/actions/controller/add-host.js';
import { groupBy } from '../../../src/actions/controller/group-by.js';
import type { ExecutionContext } from '../../../src/executor/execution-context.js';
import { type HostState, newHostState } from '../../../src/executor/host-state.js';
import { WorkerInventory } from '../../../src/executor/worker-inventory.js';
import {
  getHostVars,
  groupNames,
  groupsMagic,
  type Inventory,
  loadInventory,
} from '../../../src/inventory/index.js';
import type { RunEvent, TaskResult } from '../../../src/output/events.js';
import { buildShardMap } from '../../../src/plan/shard.js';
import type { InventoryChange, PlayData, UnitOutcome, WorkerInit } from '../../../src/protocol/messages.js';
import { plainOutcome } from '../../../src/protocol/outcomes.js';
import { InventoryLog } from '../../../src/strategy/inventory-log.js';
import { tempTree } from '../inventory/helpers.js';

function run() {
  const dir = tempTree({ 'hosts.ini': '[fleet]\nh1\nh2\nh3\n', 'group_vars/blue.yml': 'shade: navy\n' });
  const inventory = loadInventory([join(dir, 'hosts.ini')]);
  const shards = buildShardMap(['h1', 'h2', 'h3'], 2);
  const log = new InventoryLog(inventory, shards, 5);
  const events: RunEvent[] = [];
  const emit = (e: RunEvent) => events.push(e);
  const workers = shards.shards.map((owned, shard) => worker(shard, owned, structuredClone(inventory)));
  return { inventory, shards, log, events, emit, workers };
}

function worker(shard: number, owned: string[], inventory: Inventory) {
  const allHostVars = Object.fromEntries(
    [...inventory.hosts.keys()].map((h) => [h, getHostVars(inventory, h)]),
  );
  const init = { shard, allHostVars } as unknown as WorkerInit;
  const hosts = new Map<string, HostState>(
    owned.map((name, slot) => [
      name,
      newHostState({ name, slot, vars: allHostVars[name], groupNames: groupNames(inventory, name) }),
    ]),
  );
  const play = { groups: groupsMagic(inventory) } as PlayData;
  const plays = new Map([['p', play]]);
  const view = new WorkerInventory(init, inventory, [], hosts, plays);
  return { view, hosts, play, init };
}

/** The action run on a host of worker `w`, as the worker runtime wires it. */
function runAction(
  w: ReturnType<typeof worker>,
  host: string,
  action: typeof groupBy,
  args: Record<string, unknown>,
  made: InventoryChange[],
) {
  const ctx = {
    host: w.hosts.get(host),
    spec: { args },
    changeInventory: (c: InventoryChange) => {
      made.push(c);
      return w.view.applyLocal(c);
    },
  } as unknown as ExecutionContext;
  return action(ctx, {}, (v) => v) as TaskResult;
}

/** A unit's outcome that made `changes` (ok, as its worker saw it). */
function outcomeOf(host: string, changes: InventoryChange[], changed = true): UnitOutcome {
  return { ...plainOutcome(host, 't', changed ? 'changed' : 'ok', { changed }), inventoryChanges: changes };
}

describe('inventory changes across workers', () => {
  it("the run's inventory settles `changed` in the order results arrive, as Ansible's strategy", () => {
    const { log, emit } = run();
    const groupBy = (host: string, parents: string[]): InventoryChange => ({
      kind: 'group_by',
      host,
      group: 'half_b',
      parents,
    });
    log.settle(outcomeOf('h2', [groupBy('h2', ['halves'])]), 1, false, emit);
    // Two workers each ran group_by half_b under `all`, and each saw the link to `all` as new.
    const first = outcomeOf('h3', [groupBy('h3', ['all'])]);
    const second = outcomeOf('h2', [groupBy('h2', ['all'])]);
    log.settle(first, 0, false, emit);
    log.settle(second, 1, false, emit);
    expect([first.status, first.result.changed]).toEqual(['changed', true]);
    expect([second.status, second.result.changed]).toEqual(['ok', false]);
    // changed_when has the last word.
    const kept = outcomeOf('h2', [groupBy('h2', ['all'])]);
    log.settle(kept, 1, true, emit);
    expect(kept.status).toBe('changed');
  });

  it('a loop: each item settled, the task changed when one item is', () => {
    const { log, emit } = run();
    const item = (name: string) => ({
      status: 'changed' as const,
      result: { changed: true, add_host: { host_name: name } },
      item: name,
      label: name,
    });
    const change = (name: string): InventoryChange => ({ kind: 'add_host', name, groups: ['g'], vars: {} });
    const outcome = {
      ...outcomeOf('h1', ['n1', 'n2', 'n1'].map(change)),
      items: ['n1', 'n2', 'n1'].map(item),
    };
    log.settle(outcome, 0, false, emit);
    expect(outcome.items.map((i) => i.status)).toEqual(['changed', 'changed', 'ok']);
    expect(outcome.items[2].result.changed).toBe(false);
    expect(outcome.status).toBe('changed');
  });

  it('group_by: the worker sees it at once, the others with their next unit', () => {
    const { log, emit, workers, inventory, events } = run();
    const made: InventoryChange[] = [];
    const result = runAction(workers[0], 'h1', groupBy, { key: 'blue' }, made);
    expect(result).toEqual({ changed: true, add_group: 'blue', parent_groups: ['all'] });
    expect(workers[0].play.groups.blue).toEqual(['h1']);
    expect(workers[0].hosts.get('h1')?.groupNames).toEqual(['blue', 'fleet']);
    // group_vars/blue.yml beside the inventory applies to the group made at run time.
    expect(workers[0].hosts.get('h1')?.vars.shade).toBe('navy');
    expect(workers[1].play.groups.blue).toBeUndefined();
    log.settle(outcomeOf('h1', made), 0, false, emit);
    expect(groupsMagic(inventory).blue).toEqual(['h1']);
    // The origin worker is not sent its own change; the other one is.
    expect(log.takeFor(0)).toBeUndefined();
    const entries = log.takeFor(1);
    expect(entries?.map((e) => e.seq)).toEqual([1]);
    workers[1].view.applyLog(entries);
    expect(workers[1].play.groups.blue).toEqual(['h1']);
    expect(workers[1].init.allHostVars.h1.shade).toBe('navy');
    expect(events).toEqual([]);
    // A second run of the same change: applied once.
    workers[1].view.applyLog(entries);
    expect(workers[1].play.groups.blue).toEqual(['h1']);
  });

  it('group_by with a space: a dash, and Ansible warning about the name once', () => {
    const { log, emit, workers, events } = run();
    const made: InventoryChange[] = [];
    expect(runAction(workers[0], 'h1', groupBy, { key: 'os Debian', parents: 'by os' }, made)).toEqual({
      changed: true,
      add_group: 'os-Debian',
      parent_groups: ['by-os'],
    });
    runAction(workers[0], 'h3', groupBy, { key: 'os Other', parents: 'by os' }, made);
    log.settle(outcomeOf('h1', made), 0, false, emit);
    expect(events).toEqual([
      {
        type: 'warning',
        message: 'Invalid characters were found in group names but not replaced, use -vvvv to see details',
      },
    ]);
    expect(runAction(workers[0], 'h1', groupBy, {}, [])).toMatchObject({
      failed: true,
      msg: "the 'key' param is required when using group_by",
    });
  });

  it('add_host: a new host gets a shard and a slot when a play targets it, with its vars', () => {
    const { log, emit, workers, shards } = run();
    const made: InventoryChange[] = [];
    const result = runAction(
      workers[0],
      'h1',
      addHost,
      { name: 'web:2201', groups: 'webs,edge', ansible_host: '127.0.0.9' },
      made,
    );
    expect(result).toEqual({
      changed: true,
      add_host: {
        host_name: 'web',
        groups: ['webs', 'edge'],
        host_vars: { ansible_host: '127.0.0.9', ansible_ssh_port: 2201 },
      },
    });
    log.settle(outcomeOf('h1', made), 0, false, emit);
    // worker 1 owns 1 host, worker 0 owns 2: the new host goes to worker 1, slot 3.
    log.assignHosts(['web', 'h1']);
    expect(shards.owner.get('web')).toBe(1);
    expect(shards.slot.get('web')).toBe(3);
    const start = log.takeForAll();
    for (const w of workers) w.view.applyLog(start);
    const web = workers[1].hosts.get('web');
    expect(web).toMatchObject({ name: 'web', slot: 3, groupNames: ['edge', 'webs'] });
    expect(web?.vars).toMatchObject({ ansible_host: '127.0.0.9', ansible_ssh_port: 2201 });
    expect(workers[0].hosts.has('web')).toBe(false);
    expect(workers[0].init.allHostVars.web).toMatchObject({ ansible_host: '127.0.0.9' });
    expect(workers[0].play.groups.webs).toEqual(['web']);
    // Nothing left for either worker.
    expect(log.takeFor(0)).toBeUndefined();
    expect(log.takeFor(1)).toBeUndefined();
  });

  it('add_host again with the same name and vars is ok, not changed; missing name fails', () => {
    const { workers } = run();
    const args = { hostname: 'n1', groupname: ['g', 'g'], x: 1 };
    expect(runAction(workers[0], 'h1', addHost, args, []).changed).toBe(true);
    expect(runAction(workers[0], 'h1', addHost, args, []).changed).toBe(false);
    expect(runAction(workers[0], 'h1', addHost, { groups: 'g' }, [])).toMatchObject({
      failed: true,
      msg: 'name, host or hostname needs to be provided',
    });
  });

  it('a run full of hosts refuses one more with a clear error', () => {
    const { log } = run();
    log.assignHosts(['x1', 'x2']);
    expect(() => log.assignHosts(['x3'])).toThrow(
      'add_host: the run can take 5 hosts, and x3 would be one more',
    );
  });
});
