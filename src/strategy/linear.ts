/**
 * Linear: each task runs across every active host of the batch before the next one
 * starts. Hosts at different points (e.g. some in a rescue) run the lowest task first.
 */
import { compareOrder, type TaskSpec } from '../plan/task-spec.js';
import type { PlayContext } from './play-context.js';

export async function runLinear(play: PlayContext, onMeta: (spec: TaskSpec) => Promise<void>): Promise<void> {
  for (;;) {
    if (play.stopped || play.breakPlay || play.run.interrupted) return;
    let next: TaskSpec | undefined;
    const ready = new Map<string, TaskSpec>();
    for (const host of play.activeHosts()) {
      const spec = play.iterators.get(host)?.current();
      if (!spec) continue;
      ready.set(host, spec);
      if (!next || compareOrder(spec, next) < 0) next = spec;
    }
    if (!next) return;
    const task = next;
    const hosts = [...ready].filter(([, spec]) => spec.id === task.id).map(([h]) => h);
    play.announce(task, hosts.length);
    if (isRunOnce(task) && hosts.length > 1) {
      // run_once: the first host runs it; the others take its result without running.
      const outcome = await play.dispatch(hosts[0], task);
      if (outcome.status !== 'unreachable') await play.copyRunOnce(task, outcome, hosts.slice(1));
    } else await Promise.all(hosts.map((h) => play.dispatch(h, task)));
    play.flushIncluded();
    if (task.action === 'meta' && task.args._raw_params === 'flush_handlers') await onMeta(task);
    if (exceedsMaxFail(play)) play.breakPlay = true;
  }
}

/** max_fail_percentage: stop the play when more than that share of the batch has failed. */
export function exceedsMaxFail(play: PlayContext): boolean {
  const pct = play.maxFailPercentage;
  if (pct === undefined) return false;
  return (play.batchFailed.size / play.batch.length) * 100 > pct;
}

function isRunOnce(spec: TaskSpec): boolean {
  const v = spec.keywords.run_once;
  return v === true || (typeof v === 'string' && /^(yes|true|on|1)$/i.test(v));
}
