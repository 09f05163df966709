/**
 * Linear: each task runs across every active host of the batch before the next one
 * starts. Hosts at different points (e.g. some in a rescue) run the lowest task first.
 */
import type { TaskSpec } from '../plan/task-spec.js';
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
      if (!next || spec.order < next.order) next = spec;
    }
    if (!next) return;
    const task = next;
    const hosts = [...ready].filter(([, spec]) => spec.id === task.id).map(([h]) => h);
    play.announce(task, hosts.length);
    await Promise.all(hosts.map((h) => play.dispatch(h, task)));
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
