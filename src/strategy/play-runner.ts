/**
 * Runs one play: choose its hosts, cut serial batches, pre-establish connections, walk the
 * sections (pre_tasks, roles + tasks, post_tasks) with the play's strategy, and run the
 * notified handlers after each section, as Ansible does.
 */

import path from 'node:path';
import { traitsOf } from '../actions/table.js';
import { moduleCatalog } from '../bridge/catalog.js';
import { FlotillaError, withHint } from '../errors/index.js';
import {
  applyLimit,
  groupsMagic,
  type Inventory,
  selectHosts,
  unmatchedPatternWarning,
} from '../inventory/index.js';
import type { RunOptions } from '../plan/options.js';
import { reservedVarNames } from '../plan/reserved-names.js';
import { serialBatches } from '../plan/serial.js';
import { startAtTask } from '../plan/start-at-task.js';
import { compareOrder, type ProgramNode, type TaskSpec } from '../plan/task-spec.js';
import type { Play, Playbook } from '../playbook/model.js';
import type { PlayData } from '../protocol/messages.js';
import { boolean } from '../python/boolean.js';
import { assignMarked, mergeMarked } from '../python/unsafe.js';
import { addTemplatePluginDirs, Templar } from '../template/index.js';
import { readControllerText } from '../vault/secrets.js';
import { parseAnsibleYaml } from '../yaml/pyyaml.js';
import { announceLazily } from './free.js';
import { HostIterator } from './host-iterator.js';
import { orderHosts } from './host-order.js';
import { IncludeExpander } from './includes.js';
import { runMeta } from './meta-tasks.js';
import { type ConnectFailure, PlayContext, type RunState } from './play-context.js';
import { resolvePlayKeywords } from './play-keywords.js';
import { buildProgram, flattenTasks } from './program.js';
import { STRATEGY_NAMES, strategyNamed } from './registry.js';
import { emitTaskStart } from './task-notices.js';

export interface PlayInputs {
  run: RunState;
  inventory: Inventory;
  playbook: Playbook;
  play: Play;
  options: RunOptions;
}

/**
 * The hosts a play targets. Like Ansible, a templated pattern (`hosts: "{{ target }}"`) is
 * rendered with the play's vars, the extra vars and `groups` first.
 */
export function playHosts(
  inventory: Inventory,
  play: Play,
  limit?: string,
  extraVars: Record<string, unknown> = {},
  onUnmatched?: (pattern: string) => void,
): string[] {
  const hosts = selectHosts(inventory, playLevel(inventory, play, extraVars, play.hosts), { onUnmatched });
  return limit ? applyLimit(inventory, hosts, limit, { onUnmatched }) : hosts;
}

const templar = new Templar();

/** A play-level string (hosts pattern, name) rendered as Ansible templates play fields. */
function playLevel(
  inventory: Inventory,
  play: Play,
  extraVars: Record<string, unknown>,
  text: string,
): string {
  if (!templar.isTemplate(text)) return text;
  const vars = mergeMarked(play.vars, extraVars, { groups: groupsMagic(inventory) });
  try {
    return String(templar.render(text, vars));
  } catch {
    return text;
  }
}

export async function runPlay({
  run,
  inventory,
  playbook,
  play: parsed,
  options,
}: PlayInputs): Promise<void> {
  // Ansible ends a playbook's play loop once a whole batch failed (playbook_executor break_play).
  if (run.stoppedPlaybooks?.has(playbook.file)) return;
  const varsFilesVars = loadVarsFiles(parsed, playbook);
  // hosts and name see the vars files too (below the extra vars, as in get_vars(play)).
  const levelVars = mergeMarked(varsFilesVars, options.extraVars);
  // Play.post_validate: serial, strategy, gather_facts, … rendered with the play's variables.
  const play = resolvePlayKeywords(
    parsed,
    mergeMarked(parsed.vars, varsFilesVars, options.extraVars, {
      groups: groupsMagic(inventory),
      playbook_dir: playbook.dir,
    }),
  );
  const matched = orderHosts(
    playHosts(inventory, play, options.limit, levelVars, (pattern) =>
      run.emit({ type: 'warning', message: unmatchedPatternWarning(pattern) }),
    ),
    play.keywords.order,
  );
  const name = playLevel(inventory, play, levelVars, play.name);
  const outOfRun = (h: string) => run.failedHosts.has(h) || run.unreachableHosts.has(h);
  const hosts = matched.filter((h) => !outOfRun(h));
  if (matched.length === 0) {
    // a pattern that matched nothing has warned already; one the limit emptied does not warn
    run.emit({ type: 'play_start', name, hosts });
    run.emit({ type: 'no_hosts_matched' });
    return;
  }
  const program = buildProgram(play, playbook, options);
  const { handlers, specs, builder } = program;
  let sections = program.sections;
  if (run.startAtTask !== undefined) {
    // Ansible's PlayIterator: until a play holds the task, plays run nothing.
    sections = startAtTask(sections, run.startAtTask) ?? sections.map(() => []);
    if (sections.some((s) => s.length > 0)) run.startAtTask = undefined;
  }
  const includes = new IncludeExpander(builder, playbook.dir);
  const data: PlayData = {
    playId: play.id,
    name: play.name,
    playbookDir: playbook.dir,
    vars: play.vars,
    varsFilesVars,
    varsFileEntries: play.varsFileEntries,
    hosts,
    groups: groupsMagic(inventory),
    specs: Object.fromEntries(specs),
    connection: (play.keywords.connection ?? options.keywordDefaults?.connection) as string | undefined,
    roleNames: program.roleNames,
    pluginDirs: moduleCatalog().pluginDirs(),
  };
  addTemplatePluginDirs(data.pluginDirs ?? []);
  // TaskQueueManager.run: the play's own variables (not the hosts') checked against reserved names.
  for (const reserved of reservedVarNames({ ...data.vars, ...data.varsFilesVars, ...options.extraVars }))
    run.emit({ type: 'warning', message: `Found variable using reserved name: ${reserved}` });
  const strategyName = options.strategy ?? play.strategy ?? 'linear';
  const strategy = strategyNamed(strategyName);
  if (!strategy) {
    throw new FlotillaError('FLT_PLAY_STRATEGY', `Invalid play strategy specified: ${strategyName}`, {
      hint: `use one of ${STRATEGY_NAMES.join(', ')}`,
    });
  }
  // Hosts add_host made (or no earlier play targeted) get a worker now, before the play starts.
  run.inventoryLog?.assignHosts(hosts);
  data.inventoryUpdates = run.inventoryLog?.takeForAll();
  if (hosts.length > 0) await run.pool.startPlay(data);
  const force = options.forceHandlers === true || isTrue(play.keywords.force_handlers);
  const stopPlaybook = () => (run.stoppedPlaybooks ??= new Set()).add(playbook.file);
  // Ansible cuts the batches from every host the play matches, hosts that failed or were
  // unreachable in an earlier play included: they are in the batch (and its PLAY banner) but
  // run nothing, and they do not count as failing the batch.
  let breakPlaybook = false;
  for (const fullBatch of serialBatches(matched, play.serial)) {
    // Ansible's task queue manager announces the play for every serial batch.
    run.emit({ type: 'play_start', name, hosts: fullBatch });
    const batch = fullBatch.filter((h) => !outOfRun(h));
    // The run's result is the last batch's (see runResult).
    run.lastBatchBroken = false;
    if (batch.length === 0) continue;
    const ctx = new PlayContext(run, play.id, batch, play.maxFailPercentage, includes, handlers);
    ctx.batchSize = fullBatch.length;
    strategy.startBatch(ctx);
    if (needsConnections(sections, handlers)) preconnect(ctx);
    for (const section of sections) {
      if (run.interrupted) return;
      for (const host of ctx.activeHosts())
        ctx.iterators.set(host, new HostIterator(programFor(ctx, section, host)));
      const flushHandlers = (only?: string) => runHandlers(ctx, strategy.announcesLazily, only, force);
      await strategy.runSection(ctx, flushHandlers);
      if (ctx.breakPlay || ctx.stopped) break;
      await flushHandlers();
    }
    // meta: end_play ends the play (its later batches too), not the playbook.
    if (ctx.stopped) return;
    if (ctx.breakPlay) {
      run.lastBatchBroken = true;
      // Linear: any_errors_fatal or max_fail_percentage failed the batch; Ansible's final
      // "every host failed" check then announces it (again, after max_fail_percentage).
      run.emit({ type: 'no_hosts_remaining' });
      for (const h of ctx.activeHosts()) run.failedHosts.add(h);
      // PlaybookExecutor only notes break_play here: the later batches still run, and the
      // playbook stops after them, unless (below) every host of this batch failed in it.
      breakPlaybook = true;
    }
    if (batch.filter(outOfRun).length === fullBatch.length) {
      // Only free (and host_pinned) report this, and only when tasks were left that no host
      // could run; linear prints it for any_errors_fatal/max_fail_percentage only (breakPlay above).
      if (!ctx.breakPlay && strategy.reportsTasksLeft && ctx.lastOrderRun < lastOrder(sections)) {
        run.emit({ type: 'no_hosts_remaining' });
      }
      stopPlaybook();
      return;
    }
  }
  if (breakPlaybook) stopPlaybook();
}

/**
 * ansible-playbook's result so far (its exit code): the result of the last batch that ran.
 * A batch broken by any_errors_fatal or max_fail_percentage gives 2 even when hosts were
 * unreachable (RUN_FAILED_BREAK_PLAY becomes RUN_FAILED_HOSTS); otherwise a host unreachable
 * in any play so far gives 4, then a host failed in any play so far 2 (unless
 * meta: clear_host_errors cleared them).
 */
export function runResult(run: RunState): 0 | 2 | 4 {
  if (run.lastBatchBroken) return 2;
  if (run.unreachableHosts.size > 0) return 4;
  return run.failedHosts.size > 0 ? 2 : 0;
}

/**
 * Whether any task may touch a host. If not, the batch is not pre-connected (Ansible opens no
 * session for such a play, and reports no host unreachable); tasks that include_tasks brings
 * in later still connect on demand through the worker's pool.
 */
function needsConnections(sections: ProgramNode[][], handlers: TaskSpec[]): boolean {
  const tasks = [...sections.flatMap((s) => flattenTasks(s)), ...handlers];
  return tasks.some((t) => traitsOf(t.action).waitsForConnection || t.keywords.delegate_to !== undefined);
}

/**
 * Starts connecting the whole batch at play start, each worker its own shard, bounded by the
 * forks limit. Nothing waits for the batch as a whole: a host's first task that needs a
 * connection waits for that host's connect only, so hosts proceed as soon as they are
 * connected and an unreachable host is reported once, under that task, and leaves the play.
 */
function preconnect(ctx: PlayContext): void {
  for (const host of ctx.batch) {
    const shard = ctx.run.shards.owner.get(host)!;
    const connected = ctx.run.pool.preconnect(shard, [host]).then(
      ([r]): ConnectFailure | undefined =>
        r?.ok
          ? undefined
          : {
              status: 'unreachable',
              // The hint says how to fix it (e.g. the ssh-keyscan command for an unknown host key).
              result: {
                unreachable: true,
                changed: false,
                msg: withHint(r?.error?.message ?? 'unreachable', r?.error?.hint),
              },
            },
      // The worker itself failed (it crashed): the host fails, it is not unreachable.
      (err): ConnectFailure => ({
        status: 'failed',
        result: { failed: true, changed: false, msg: err instanceof Error ? err.message : String(err) },
      }),
    );
    ctx.connecting.set(host, connected);
  }
}

/** Runs, in definition order, each handler some host (or `only` that host) notified (by name or `listen`). */
async function runHandlers(
  ctx: PlayContext,
  lazyBanners: boolean,
  only?: string,
  force = false,
): Promise<void> {
  // The play's handlers and those include_role added (ctx.handlers); each notification was
  // resolved to its handlers when it was sent, as Ansible does.
  for (const handler of ctx.handlers.all()) {
    // force_handlers: hosts that failed in this batch run their notified handlers too.
    const candidates =
      only !== undefined
        ? [only]
        : force
          ? ctx.batch.filter((h) => !ctx.run.unreachableHosts.has(h))
          : ctx.activeHosts();
    const hosts = candidates.filter(
      (h) => (force || !ctx.run.failedHosts.has(h)) && ctx.handlers.take(h, handler),
    );
    if (hosts.length === 0) continue;
    if (lazyBanners) await announceLazily(ctx, handler, hosts[0]);
    else await emitTaskStart(ctx, handler, hosts.length, hosts[0]);
    // A handler is a one-task program for the host; a failure still fails the host.
    const programs = new Map(hosts.map((h) => [h, new HostIterator([{ kind: 'task', spec: handler }])]));
    await Promise.all(hosts.map((h) => ctx.dispatch(h, handler, programs.get(h))));
    ctx.flushIncluded();
    await runIncludedHandlerTasks(ctx, programs, lazyBanners);
  }
}

/**
 * The tasks an include_tasks/include_role handler brought, run as handlers in lockstep
 * across the hosts that ran it (each with the program that handler began).
 */
async function runIncludedHandlerTasks(
  ctx: PlayContext,
  programs: Map<string, HostIterator>,
  lazyBanners: boolean,
): Promise<void> {
  for (;;) {
    if (ctx.stopped || ctx.breakPlay || ctx.run.interrupted) return;
    let next: TaskSpec | undefined;
    const ready = new Map<string, TaskSpec>();
    for (const [host, program] of programs) {
      const spec = ctx.run.unreachableHosts.has(host) ? undefined : program.current();
      if (spec) ready.set(host, spec);
    }
    for (const spec of ready.values()) if (!next || compareOrder(spec, next) < 0) next = spec;
    if (!next) return;
    const task = next;
    const hosts = [...ready].filter(([, spec]) => spec.id === task.id).map(([h]) => h);
    if (traitsOf(task.action).kind === 'meta') {
      // meta tasks advance the host's iterator: here, the handler's program
      const main = new Map(hosts.map((h) => [h, ctx.iterators.get(h)]));
      for (const h of hosts) ctx.iterators.set(h, programs.get(h)!);
      try {
        await runMeta(ctx, task, hosts);
      } finally {
        for (const [h, it] of main) if (it) ctx.iterators.set(h, it);
      }
      continue;
    }
    if (lazyBanners) await announceLazily(ctx, task, hosts[0]);
    else await emitTaskStart(ctx, task, hosts.length, hosts[0]);
    await Promise.all(hosts.map((h) => ctx.dispatch(h, task, programs.get(h))));
    ctx.flushIncluded();
  }
}

const isTrue = (v: unknown): boolean => boolean(v, false);

/** A section as `host` runs it: without the smart Gathering Facts once its facts were gathered. */
function programFor(ctx: PlayContext, section: ProgramNode[], host: string): ProgramNode[] {
  if (!ctx.run.factsGathered?.has(host)) return section;
  return section.filter((n) => !(n.kind === 'task' && n.spec.skipsGatheredHosts));
}

function lastOrder(sections: ProgramNode[][]): number {
  return Math.max(-1, ...sections.flatMap((s) => flattenTasks(s)).map((t) => t.order));
}

function loadVarsFiles(play: Play, playbook: Playbook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of play.varsFiles) {
    const full = path.resolve(playbook.dir, file);
    let text: string;
    try {
      text = readControllerText(full);
    } catch (err) {
      if (err instanceof FlotillaError) throw err; // a vaulted file no secret opens
      throw new FlotillaError('FLT_PLAY_VARS_FILE', `vars file ${file} was not found`, {
        location: play.location,
        hint: `looked for ${full}`,
      });
    }
    assignMarked(out, (parseAnsibleYaml(text) ?? {}) as Record<string, unknown>);
  }
  return out;
}
