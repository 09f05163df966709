/**
 * Linear: each task runs across every active host of the batch before the next one
 * starts. Hosts at different points (e.g. some in a rescue) run the lowest task first.
 */

import { traitsOf } from '../actions/table.js';
import { FlotillaError } from '../errors/index.js';
import { hasTemplatedAction } from '../executor/templated-action.js';
import { compareOrder, type TaskSpec } from '../plan/task-spec.js';
import type { UnitOutcome } from '../protocol/messages.js';
import { boolean } from '../python/boolean.js';
import { runMeta } from './meta-tasks.js';
import type { PlayContext } from './play-context.js';
import type { Strategy } from './strategy.js';
import { emitTaskStart, warnTemplatedConditionals } from './task-notices.js';

/** The run's end on a templated action name that fails to render (an AnsibleError: exit 1). */
function templatedActionFailure(task: TaskSpec, error: string): FlotillaError {
  return new FlotillaError('FLT_TASK_ACTION', error, {
    location: task.location,
    hint: 'Define the variables the action name uses for every host of the play, or give them a default.',
  });
}

export async function runLinear(play: PlayContext, onMeta: (spec: TaskSpec) => Promise<void>): Promise<void> {
  const lagging = play.laggingHosts;
  lagging.clear();
  for (;;) {
    if (play.stopped || play.breakPlay || play.run.interrupted) return;
    let next: TaskSpec | undefined;
    let ready = new Map<string, TaskSpec>();
    for (const host of play.activeHosts()) {
      const spec = play.iterators.get(host)?.current();
      if (spec) ready.set(host, spec);
    }
    const leading = [...ready].filter(([h]) => !lagging.has(h));
    if (leading.length > 0) ready = new Map(leading);
    for (const spec of ready.values()) if (!next || compareOrder(spec, next) < 0) next = spec;
    if (!next) return;
    const task = next;
    const hosts = [...ready].filter(([, spec]) => spec.id === task.id).map(([h]) => h);
    let outcomes: UnitOutcome[];
    if (traitsOf(task.action).kind === 'meta') {
      outcomes = await runMeta(play, task, hosts);
      if (task.args._raw_params === 'flush_handlers') await onMeta(task);
    } else {
      // Ansible's linear strategy templates a templated action name for each host before it
      // queues the task there; an error ends the run (before the banner on the first host).
      const actionError = hasTemplatedAction(task) ? await play.templatedActionError(hosts, task) : undefined;
      if (actionError?.index === 0) throw templatedActionFailure(task, actionError.error);
      // Every lockstep round that runs a task announces it, as Ansible's linear strategy does.
      await emitTaskStart(play, task, hosts.length, hosts[0]);
      if (actionError) throw templatedActionFailure(task, actionError.error);
      warnTemplatedConditionals(play, task);
      if (isRunOnce(task) && hosts.length > 1) {
        // run_once: the first host runs it; the others take its result without running.
        const outcome = await play.dispatch(hosts[0], task);
        if (outcome.status !== 'unreachable') await play.copyRunOnce(task, outcome, hosts.slice(1));
        outcomes = [outcome];
      } else if (traitsOf(task.action).bypassHostLoop && hosts.length > 1) {
        // BYPASS_HOST_LOOP (pause): Ansible runs these actions once, on the first host, and the others get no result.
        outcomes = [await play.dispatch(hosts[0], task)];
        for (const h of hosts.slice(1)) play.iterators.get(h)?.complete(false);
      } else outcomes = await Promise.all(hosts.map((h) => play.dispatch(h, task)));
      play.flushIncluded();
    }
    const fatal = isFatal(play, task, outcomes);
    if (fatal) play.breakPlay = true;
    if (exceedsMaxFail(play, fatal)) {
      // Ansible announces it here, and once more when it finds every host failed.
      play.run.emit({ type: 'no_hosts_remaining' });
      play.breakPlay = true;
    }
  }
}

/**
 * any_errors_fatal, which a run_once task implies: a host that failed (not rescued) or
 * became unreachable fails the whole batch.
 */
function isFatal(play: PlayContext, task: TaskSpec, outcomes: UnitOutcome[]): boolean {
  const fatal = isTrue(task.keywords.any_errors_fatal) || isRunOnce(task);
  if (!fatal || isTrue(task.keywords.ignore_errors)) return false;
  return outcomes.some(
    (o) =>
      o.status === 'unreachable' ||
      (o.status === 'failed' && !o.ignored && play.iterators.get(o.host)?.failed === true),
  );
}

/** max_fail_percentage: stop the play when more than that share of the batch has failed. */
export function exceedsMaxFail(play: PlayContext, fatal = false): boolean {
  const pct = play.maxFailPercentage;
  if (pct === undefined) return false;
  // any_errors_fatal has just failed every host still in the play.
  const failed = fatal
    ? play.batch.filter((h) => !play.run.unreachableHosts.has(h)).length
    : play.batchFailed.size;
  return (failed / play.batchSize) * 100 > pct;
}

function isRunOnce(spec: TaskSpec): boolean {
  return isTrue(spec.keywords.run_once);
}

const isTrue = (v: unknown): boolean => boolean(v, false);

export const linearStrategy: Strategy = {
  name: 'linear',
  startBatch: () => {},
  runSection: (play, flushHandlers) => runLinear(play, () => flushHandlers()),
  announcesLazily: false,
  reportsTasksLeft: false,
};
