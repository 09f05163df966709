/**
 * `flotilla run`: load and validate everything first (nothing runs when validation
 * fails), plan the shard map, start the host workers, run each play, print the recap,
 * and always shut the workers and their SSH sessions down.
 */
import os from 'node:os';
import path from 'node:path';
import { addPlaybookCollections } from '../bridge/resolve.js';
import { pluginOption } from '../config/ansible-cfg.js';
import { connectionsForMemory, formatMemorySize } from '../connection/memory-budget.js';
import { connectionBudget, readOpenFileLimit } from '../connection/open-file-limit.js';
import { runMagicVars } from '../executor/magic-vars.js';
import {
  checkLimitLeavesHosts,
  getHostVars,
  groupNames,
  type Inventory,
  loadInventory,
  loadPlaybookVarsLayer,
  unmatchedPatternWarning,
} from '../inventory/index.js';
import type { RunEvent } from '../output/events.js';
import type { RunOptions } from '../plan/options.js';
import { buildShardMap } from '../plan/shard.js';
import { listenForLoadDeprecations, loadPlaybook } from '../playbook/index.js';
import type { Playbook } from '../playbook/model.js';
import { checkPlaybookRoles } from '../playbook/role-tree.js';
import { HostPool } from '../pool/host-pool.js';
import type { WorkerInit } from '../protocol/messages.js';
import { InventoryLog } from '../strategy/inventory-log.js';
import type { RunState } from '../strategy/play-context.js';
import { playHosts, runPlay, runResult } from '../strategy/play-runner.js';
import { RecapStats } from '../strategy/recap-stats.js';
import { ConnectionBudget } from '../sync/connection-budget.js';
import { ConnectionRegistry } from '../sync/registry.js';
import { Semaphore } from '../sync/semaphore.js';
import { INVENTORY_PLUGINS } from './inventory-plugins.js';
import { processTerminal, promptPlayVars } from './vars-prompt.js';

/** Hosts add_host may add to a run (registry slots reserved beyond the inventory's). */
const DYNAMIC_HOST_SLOTS = 1024;

/** ansible-playbook's exit codes. */
export const EXIT = {
  ok: 0,
  error: 1,
  failedHosts: 2,
  unreachableHosts: 4,
  parserError: 4,
  optionsError: 5,
  interrupted: 99,
} as const;

export interface RunHandle {
  /** Resolves with the exit code. */
  done: Promise<number>;
  /** Stops dispatching and shuts down (Ctrl-C). */
  interrupt(): Promise<void>;
}

export function startRun(options: RunOptions, report: (event: RunEvent) => void): RunHandle {
  let state: RunState | undefined;
  let pool: HostPool | undefined;
  let interrupted = false;
  // Once interrupted, nothing more is reported: the tasks the interrupt ended are not results.
  const emit = (event: RunEvent) => {
    if (!interrupted) report(event);
  };
  // Deprecations met while loading (up front, and files includes bring at run time).
  const stopListening = listenForLoadDeprecations((d) => emit({ type: 'deprecation', ...d }));
  const done = (async () => {
    // An inventory named with -i that does not load is an error here (Ansible only warns):
    // nothing runs on a fleet the user did not describe.
    const inventory = loadInventory(options.inventories, { strict: true, plugins: INVENTORY_PLUGINS });
    for (const message of inventory.warnings ?? []) emit({ type: 'warning', message });
    checkLimitLeavesHosts(inventory, options.limit, {
      onUnmatched: (pattern) => emit({ type: 'warning', message: unmatchedPatternWarning(pattern) }),
    });
    // Roles named statically are loaded with the playbook: a missing one fails before any play.
    addPlaybookCollections(options.playbooks.map((file) => path.dirname(path.resolve(file))));
    const playbooks = options.playbooks.map((file) => {
      const playbook = loadPlaybook(file);
      checkPlaybookRoles(playbook);
      return playbook;
    });
    await promptPlayVars(playbooks, options.extraVars ?? {}, processTerminal, (message) =>
      emit({ type: 'warning', message }),
    );
    const hosts = runHosts(inventory, playbooks, options.limit, options.extraVars);
    const shards = buildShardMap(
      hosts,
      options.workers ?? Math.min(os.availableParallelism(), Math.max(1, hosts.length)),
    );
    // Room for the hosts add_host may bring in (each takes a registry slot).
    const slotCapacity = Math.max(1, hosts.length) + DYNAMIC_HOST_SLOTS;
    const registry = ConnectionRegistry.create(slotCapacity);
    const forks = Semaphore.create(options.forks);
    const budget = planConnectionBudget(hosts.length, shards.workerCount, options, emit);
    pool = new HostPool(shards.workerCount, ({ shard }) => {
      const threadId = pool?.threadIdOf(shard);
      if (threadId !== undefined) forks.releaseAllHeldBy(threadId);
      if (threadId !== undefined) budget?.releaseAllHeldBy(threadId);
      registry.releaseOwner(shard + 1);
    });
    const run: RunState = {
      pool,
      shards,
      stats: new RecapStats(),
      emit,
      failedHosts: new Set(),
      forks: options.forks,
      unreachableHosts: new Set(),
      interrupted: false,
      startAtTask: options.startAtTask,
      inventoryLog: new InventoryLog(inventory, shards, slotCapacity),
    };
    state = run;
    try {
      await pool.init(
        workerInits(inventory, playbooks, hosts, shards.shards, options, registry, forks).map((init) => ({
          ...init,
          connectionBudget: budget?.buffer,
        })),
      );
      for (const playbook of playbooks) {
        emit({ type: 'playbook_start', file: playbook.file });
        for (const play of playbook.plays) {
          if (run.interrupted) break;
          await runPlay({ run, inventory, playbook, play, options });
        }
        if (run.interrupted) break;
        // As ansible-playbook: a recap after each playbook file, and none after a failed one.
        const custom = showCustomStats() ? run.stats.custom.snapshot() : undefined;
        emit({ type: 'recap', stats: run.stats.snapshot(), ...(custom ? { custom } : {}) });
        if (runResult(run) !== EXIT.ok) break;
      }
      if (run.startAtTask !== undefined && !run.interrupted) {
        emit({
          type: 'error',
          message: `No matching task "${run.startAtTask}" found. Note: --start-at-task can only follow static includes.`,
        });
      }
      return run.interrupted ? EXIT.interrupted : runResult(run);
    } finally {
      await pool.close();
    }
  })().finally(stopListening);
  return {
    done,
    async interrupt() {
      interrupted = true;
      if (state) state.interrupted = true;
      await pool?.close(3000, { interrupt: true });
    },
  };
}

/**
 * The run's open-connection budget: what the open-file limit (the soft one, which Node
 * raised to the hard one at start-up) and the memory target both leave room for. With
 * more hosts than the budget, idle connections are closed, least recently used first, and
 * reopened when needed: said once, naming the limit that binds and how to raise it.
 */
function planConnectionBudget(
  hosts: number,
  workers: number,
  options: RunOptions,
  emit: (event: RunEvent) => void,
): ConnectionBudget | undefined {
  const limit = readOpenFileLimit();
  const byFiles = limit ? connectionBudget(limit.soft, workers, options.forks) : Number.POSITIVE_INFINITY;
  const target = options.memoryTargetBytes;
  const byMemory = target === undefined ? Number.POSITIVE_INFINITY : connectionsForMemory(target);
  const permits = Math.min(byFiles, byMemory);
  if (!Number.isFinite(permits)) return undefined;
  if (hosts > permits) {
    const memoryBinds = byMemory < byFiles;
    const limiter = memoryBinds
      ? `the memory target (${formatMemorySize(target as number)})`
      : `the open-file limit (ulimit -n ${limit?.soft})`;
    const raise = memoryBinds ? 'Raise --memory-target (FLOTILLA_MEMORY_TARGET)' : 'Raise the limit';
    emit({
      type: 'warning',
      message: `${hosts} hosts, but ${limiter} leaves room for ${permits} SSH connections at once: idle connections will be closed and reopened as needed. ${raise} to keep one connection per host.`,
    });
  }
  return ConnectionBudget.create(permits);
}

/** Every host any play of the run may touch, in inventory order: they get the shards. */
function runHosts(
  inventory: Inventory,
  playbooks: Playbook[],
  limit: string | undefined,
  extraVars: Record<string, unknown>,
): string[] {
  const seen = new Set<string>();
  for (const pb of playbooks)
    for (const play of pb.plays) for (const h of playHosts(inventory, play, limit, extraVars)) seen.add(h);
  return [...seen];
}

function workerInits(
  inventory: Inventory,
  playbooks: Playbook[],
  hosts: string[],
  shards: string[][],
  options: RunOptions,
  registry: ConnectionRegistry,
  forks: Semaphore,
): WorkerInit[] {
  const playbookLayers = [...new Set(playbooks.map((p) => p.dir))].map((dir) =>
    loadPlaybookVarsLayer(dir, inventory),
  );
  const allHostVars: Record<string, Record<string, unknown>> = {};
  // Every inventory host, not only the run's: hostvars and delegate_to may name any of them.
  for (const h of new Set([...hosts, ...inventory.hosts.keys()]))
    allHostVars[h] = getHostVars(inventory, h, { playbookLayers });
  // hostvars['localhost'] finds the implicit localhost even when no play targets it.
  const implicitLocalhostVars = inventory.hosts.has('localhost')
    ? undefined
    : getHostVars(inventory, 'localhost', { playbookLayers });
  const slot = new Map(hosts.map((h, i) => [h, i]));
  // Each worker gets its own copy of the inventory: group_by/add_host change every copy.
  const dynamic = { inventory, playbookLayers };
  const runMagic = runMagicVars(options);
  return shards.map((shardHosts, shard) => ({
    shard,
    registry: registry.buffer,
    forks: forks.buffer,
    hosts: shardHosts.map((name) => ({
      name,
      slot: slot.get(name)!,
      vars: allHostVars[name],
      groupNames: inventory.hosts.has(name) ? groupNames(inventory, name) : [],
      // InventoryData._create_implicit_localhost: its address is 127.0.0.1
      ...(inventory.hosts.has(name) ? {} : { address: '127.0.0.1' }),
    })),
    allHostVars,
    implicitLocalhostVars,
    extraVars: options.extraVars,
    check: options.check,
    diff: options.diff,
    verbosity: options.verbosity,
    moduleForm: options.moduleForm,
    collectionsPath: process.env.ANSIBLE_COLLECTIONS_PATH,
    runMagic,
    user: options.user,
    privateKeyFile: options.privateKeyFile,
    connectTimeoutMs: options.connectTimeoutMs,
    connectionPassword: options.connectionPassword,
    sshCommonArgs: options.sshCommonArgs,
    sshExtraArgs: options.sshExtraArgs,
    maxConnections: options.maxConnectionsPerWorker,
    vaultSecrets: options.vaultSecrets ?? [],
    becomePassword: options.becomePassword,
    ...dynamic,
  }));
}

/** The default callback's show_custom_stats (ANSIBLE_SHOW_CUSTOM_STATS, ansible.cfg; default off). */
function showCustomStats(): boolean {
  return pluginOption('callback.default', 'show_custom_stats') === true;
}
