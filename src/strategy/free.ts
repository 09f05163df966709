/**
 * Free: every host runs ahead through its tasks as fast as it can; the forks semaphore in
 * the workers bounds how many run at once. A task's banner appears when its first host
 * starts it (a meta task's for every host, as Ansible's _execute_meta prints it).
 */
import { traitsOf } from '../actions/table.js';
import { FlotillaError } from '../errors/index.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { boolean } from '../python/boolean.js';
import { metaAction, runMetaForHost } from './meta-tasks.js';
import type { PlayContext } from './play-context.js';
import type { Strategy } from './strategy.js';
import { emitTaskStart, warnTemplatedConditionals } from './task-notices.js';

/**
 * `hostsInFlight` bounds how many hosts run the section at once (host_pinned: --forks).
 * `flushHandlers` runs one host's notified handlers: as in Ansible 2.14, each host flushes
 * its own handlers when it reaches the end of a section, without waiting for the others.
 */
export async function runFree(
  play: PlayContext,
  flushHandlers?: (host: string) => Promise<void>,
  hostsInFlight = Number.POSITIVE_INFINITY,
): Promise<void> {
  const runHost = async (host: string): Promise<void> => {
    const iterator = play.iterators.get(host);
    for (;;) {
      if (play.stopped || play.breakPlay || play.run.interrupted || !iterator) return;
      const spec = iterator.current();
      if (!spec) {
        if (!iterator.stopped && !iterator.failed) await flushHandlers?.(host);
        return;
      }
      if (traitsOf(spec.action).kind === 'meta') {
        const outcome = await runMetaForHost(play, spec, host);
        if (metaAction(spec) === 'flush_handlers' && outcome.status === 'ok') await flushHandlers?.(host);
        continue;
      }
      if (traitsOf(spec.action).bypassHostLoop) {
        // free.py refuses BYPASS_HOST_LOOP actions (add_host, pause) before running the task.
        throw new FlotillaError(
          'FLT_FREE_BYPASS_HOST_LOOP',
          `The '${spec.actionAsWritten ?? spec.action}' module bypasses the host loop, which is currently not supported in the free strategy and would instead execute for every host in the inventory list.`,
          { location: spec.location },
        );
      }
      if (isRunOnce(spec)) {
        play.run.emit({
          type: 'warning',
          message:
            'Using run_once with the free strategy is not currently supported. This task will still be executed for every host in the inventory list.',
        });
      }
      // free.py reads the raw keyword: a template string counts as set, as in Python.
      if (pythonTruthy(spec.keywords.any_errors_fatal)) {
        play.run.emit({
          type: 'warning',
          message:
            'Using any_errors_fatal with the free strategy is not supported, as tasks are executed independently on each host',
        });
      }
      await announceLazily(play, spec, host);
      warnTemplatedConditionals(play, spec);
      await play.dispatch(host, spec);
      play.flushIncluded();
    }
  };
  const hosts = play.activeHosts();
  if (hostsInFlight >= hosts.length) {
    await Promise.all(hosts.map(runHost));
    return;
  }
  // host_pinned: a host starts only when one of `hostsInFlight` lanes is free, and keeps it
  // until it has run the whole section.
  let next = 0;
  const lane = async () => {
    while (next < hosts.length) await runHost(hosts[next++]);
  };
  await Promise.all(Array.from({ length: hostsInFlight }, lane));
}

/**
 * Under the free strategy Ansible's default callback prints a task's banner only with the
 * task's first printed result (so a meta task, or a task whose results print nothing, has none).
 */
export function announceLazily(play: PlayContext, spec: TaskSpec, host: string): Promise<void> {
  const seen = play.lazyBanners;
  // The first host to reach the task names it; the others wait for that banner.
  let banner = seen.get(spec.id);
  if (!banner) seen.set(spec.id, (banner = emitTaskStart(play, spec, play.batch.length, host, true)));
  return banner;
}

/** Ansible warns once per batch that free ignores max_fail_percentage. */
export function warnFreeMaxFail(play: PlayContext): void {
  if (play.maxFailPercentage === undefined) return;
  play.run.emit({
    type: 'warning',
    message:
      'Using max_fail_percentage with the free strategy is not supported, as tasks are executed independently on each host',
  });
}

function pythonTruthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v !== '') || (typeof v === 'number' && v !== 0);
}

function isRunOnce(spec: TaskSpec): boolean {
  const v = spec.keywords.run_once;
  return boolean(v, false);
}

export const freeStrategy: Strategy = {
  name: 'free',
  startBatch: warnFreeMaxFail,
  runSection: (play, flushHandlers) => runFree(play, (host) => flushHandlers(host)),
  announcesLazily: true,
  reportsTasksLeft: true,
};
