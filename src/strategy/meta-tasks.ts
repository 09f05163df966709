/**
 * `meta` tasks under the linear strategy, as Ansible's StrategyBase._execute_meta runs them:
 * noop, flush_handlers, end_host, reset_connection and role_complete run once per host, each
 * with its own TASK banner; the others (end_play, end_batch, clear_facts, clear_host_errors,
 * refresh_inventory) run once for the whole batch, their `when` evaluated on its first host.
 * A meta task that ran is neither printed nor counted; a skipped one prints `skipping:` but
 * is not counted in the recap either.
 */
import type { UnitOutcome } from '../executor/messages.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { HostIterator } from './host-iterator.js';
import type { PlayContext } from './play-context.js';

const PER_HOST = new Set(['noop', 'flush_handlers', 'end_host', 'reset_connection', 'role_complete']);
/** Meta actions that ignore `when` (Ansible warns about it, and runs them). */
const NO_CONDITIONAL = new Set(['noop', 'refresh_inventory', 'reset_connection']);

export function metaAction(spec: TaskSpec): string {
  return String(spec.args._raw_params ?? '').trim();
}

/** Runs a meta task for `hosts` (those at this task) and applies its effect to the batch. */
export async function runMeta(play: PlayContext, task: TaskSpec, hosts: string[]): Promise<UnitOutcome[]> {
  const action = metaAction(task);
  const spec = NO_CONDITIONAL.has(action) && task.keywords.when ? withoutWhen(task) : task;
  if (PER_HOST.has(action)) {
    const outcomes: UnitOutcome[] = [];
    for (const host of hosts) {
      banner(play, task, action);
      outcomes.push(await runQuietly(play, host, spec));
    }
    return outcomes;
  }
  banner(play, task, action);
  const [first, ...others] = hosts;
  const outcome = await runQuietly(play, first, spec);
  for (const h of others) play.iterators.get(h)?.complete(false);
  if (outcome.status !== 'ok' && outcome.status !== 'changed') return [outcome];
  switch (action) {
    case 'end_batch':
      for (const h of play.activeHosts()) play.iterators.get(h)?.stop();
      break;
    case 'clear_facts':
      // Every host of the batch loses its facts; the others run the task out of band.
      await Promise.all(others.map((h) => play.dispatch(h, withoutWhen(task), new HostIterator([]))));
      break;
    case 'clear_host_errors':
      clearHostErrors(play);
      break;
  }
  return [outcome];
}

/** Free strategy: every meta task runs per host, each with its banner. */
export async function runMetaForHost(play: PlayContext, task: TaskSpec, host: string): Promise<UnitOutcome> {
  const action = metaAction(task);
  banner(play, task, action, true);
  return runQuietly(play, host, NO_CONDITIONAL.has(action) && task.keywords.when ? withoutWhen(task) : task);
}

/** Dispatches a meta task; a skipped one is shown but, as in Ansible, not counted. */
async function runQuietly(play: PlayContext, host: string, spec: TaskSpec): Promise<UnitOutcome> {
  const outcome = await play.dispatch(host, spec);
  if (outcome.status === 'skipped') play.run.stats.of(host).skipped--;
  return outcome;
}

function banner(play: PlayContext, task: TaskSpec, action: string, lazy = false): void {
  if (NO_CONDITIONAL.has(action) && task.keywords.when)
    play.run.emit({ type: 'warning', message: `${action} task does not support when conditional` });
  play.run.emit({
    type: 'task_start',
    taskId: task.id,
    name: task.name,
    action: task.action,
    hostsTotal: 1,
    handler: task.handler,
    lazy,
  });
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
    laggingHosts(play).add(h);
  }
}

const lagging = new WeakMap<PlayContext, Set<string>>();

/** Hosts that run their remaining tasks of the section after the others (see clearHostErrors). */
export function laggingHosts(play: PlayContext): Set<string> {
  let set = lagging.get(play);
  if (!set) lagging.set(play, (set = new Set()));
  return set;
}

/** The task without its `when`, under its own id (workers otherwise look the task up by id). */
function withoutWhen(task: TaskSpec): TaskSpec {
  const { when: _when, ...keywords } = task.keywords;
  return { ...task, id: `${task.id}.unconditional`, keywords, dynamic: true };
}
