/**
 * `meta` tasks, as Ansible's StrategyBase._execute_meta runs them. Under the linear strategy
 * noop, flush_handlers, end_host, reset_connection and role_complete run once per host, each
 * with its own TASK banner; the others (end_play, end_batch, clear_facts, clear_host_errors,
 * refresh_inventory) run once for the whole batch, their `when` evaluated on its first host.
 * A meta task that ran prints nothing (but `META: …` under -vv) and is not counted; a skipped
 * one prints `skipping:` with Ansible's skip reason and is not counted either.
 */

import { metaTraits } from '../actions/meta.js';
import type { TaskResult } from '../output/events.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { UnitOutcome, UnitRequest } from '../protocol/messages.js';
import type { PlayContext } from './play-context.js';
import { emitTaskStart } from './task-notices.js';

/** Ignores `when` (Ansible warns about it, and runs it). */
const ignoresWhen = (action: string): boolean => metaTraits(action)?.ignoresWhen === true;

export function metaAction(spec: TaskSpec): string {
  return String(spec.args._raw_params ?? '').trim();
}

/** Linear: runs a meta task for `hosts` (those at this task) and applies its effect to the batch. */
export async function runMeta(play: PlayContext, task: TaskSpec, hosts: string[]): Promise<UnitOutcome[]> {
  const action = metaAction(task);
  if (metaTraits(action)?.perHost) {
    const outcomes: UnitOutcome[] = [];
    for (const host of hosts) outcomes.push(await runMetaForHost(play, task, host, false));
    return outcomes;
  }
  const [first, ...others] = hosts;
  const outcome = await runMetaForHost(play, task, first, false);
  for (const h of others) play.iterators.get(h)?.complete(false);
  if (outcome.status !== 'ok') return [outcome];
  switch (action) {
    case 'clear_facts':
      // Every host of the batch loses its facts: the others run the task too, unconditionally.
      await Promise.all(others.map((h) => runUnit(play, h, withoutWhen(task))));
      break;
    case 'clear_host_errors':
      clearHostErrors(play);
      break;
  }
  return [outcome];
}

/**
 * Runs a meta task on one host with its banner (free strategy: for every meta task; the
 * banner is lazy there, as the default callback prints it). Applies the per-host effects.
 */
export async function runMetaForHost(
  play: PlayContext,
  task: TaskSpec,
  host: string,
  lazy = true,
): Promise<UnitOutcome> {
  const action = metaAction(task);
  if (ignoresWhen(action) && task.keywords.when)
    play.run.emit({ type: 'warning', message: `${action} task does not support when conditional` });
  await emitTaskStart(play, task, 1, host, lazy);
  const spec = ignoresWhen(action) && task.keywords.when ? withoutWhen(task) : task;
  if (!task.handler) play.lastOrderRun = Math.max(play.lastOrderRun, task.order);
  const outcome = await runUnit(play, host, spec);
  const iterator = play.iterators.get(host);
  const common = { host, task: task.name, taskId: task.id, action: task.action, noLog: outcome.noLog };
  if (outcome.status === 'failed') {
    // A broken `when` (or meta action): the task fails on this host like any other.
    const failure = iterator?.complete(!outcome.ignored);
    if (failure === 'failed') {
      play.run.failedHosts.add(host);
      play.batchFailed.add(host);
    }
    play.run.emit({
      type: 'host_result',
      ...common,
      status: 'failed',
      result: outcome.result,
      ignored: outcome.ignored,
    });
    play.run.stats.record(outcome, failure);
    return outcome;
  }
  iterator?.complete(false);
  const skipped = outcome.status === 'skipped';
  const { msg, skipReason, skipMsg } = metaMessages(action, host);
  play.run.emit({ type: 'verbose', level: 2, message: `META: ${skipped ? skipReason : msg}` });
  if (skipped) {
    const result: TaskResult = {
      msg: skipMsg ?? action,
      skip_reason: skipReason,
      skipped: true,
    };
    play.run.emit({ type: 'host_result', ...common, status: 'skipped', result });
    return { ...outcome, result };
  }
  if (action === 'end_host') iterator?.stop();
  if (action === 'end_batch' || action === 'end_play') {
    for (const h of play.activeHosts()) play.iterators.get(h)?.stop();
    // end_play also ends the play's later batches (play-runner looks at `stopped`).
    if (action === 'end_play') play.stopped = true;
  }
  return outcome;
}

/** Ansible's result message and skip reason of a meta action (shown under -v / -vv). */
function metaMessages(action: string, host: string): { msg: string; skipReason: string; skipMsg?: string } {
  const base = `${action} conditional evaluated to False`;
  switch (action) {
    case 'noop':
      return { msg: 'noop', skipReason: base };
    case 'flush_handlers':
      return {
        msg: `triggered running handlers for ${host}`,
        skipReason: `${base}, not running handlers for ${host}`,
      };
    case 'refresh_inventory':
      return { msg: 'inventory successfully refreshed', skipReason: base };
    case 'clear_facts':
      return { msg: 'facts cleared', skipReason: `${base}, not clearing facts and fact cache for ${host}` };
    case 'clear_host_errors':
      return { msg: 'cleared host errors', skipReason: `${base}, not clearing host error state for ${host}` };
    case 'end_batch':
      return { msg: 'ending batch', skipReason: `${base}, continuing current batch` };
    case 'end_play':
      return { msg: 'ending play', skipReason: `${base}, continuing play` };
    case 'end_host':
      return {
        msg: `ending play for ${host}`,
        skipReason: `${base}, continuing execution for ${host}`,
        skipMsg: `end_host conditional evaluated to false, continuing execution for ${host}`,
      };
    case 'reset_connection':
      return { msg: 'reset connection', skipReason: base };
    default:
      return { msg: action, skipReason: base };
  }
}

/** Sends the meta task to the host's worker (it evaluates `when` and does the host's part). */
function runUnit(play: PlayContext, host: string, spec: TaskSpec): Promise<UnitOutcome> {
  const unit: UnitRequest = { playId: play.playId, host, taskId: spec.id, batch: play.batch };
  if (spec.dynamic) unit.spec = spec;
  return play.send(unit);
}

/**
 * clear_host_errors: the batch's failed and unreachable hosts are back in the run (later plays
 * and the exit code). An unreachable host also takes up this play again after the task it
 * was unreachable on, but only once the others have finished the section: Ansible's lockstep
 * has moved past its tasks and comes back for them after the last one.
 */
function clearHostErrors(play: PlayContext): void {
  for (const h of play.batch) {
    play.run.failedHosts.delete(h);
    play.batchFailed.delete(h);
    if (!play.run.unreachableHosts.delete(h)) continue;
    const iterator = play.iterators.get(h);
    if (!iterator?.resume()) continue;
    iterator.complete(false);
    play.laggingHosts.add(h);
  }
}

/** The task without its `when`, under its own id (workers otherwise look the task up by id). */
function withoutWhen(task: TaskSpec): TaskSpec {
  const { when: _when, ...keywords } = task.keywords;
  return { ...task, id: `${task.id}.unconditional`, keywords, dynamic: true };
}
