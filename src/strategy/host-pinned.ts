/**
 * host_pinned: the free strategy, except that a host keeps its place until it has run the
 * whole section, and at most --forks hosts are in a section at once (Ansible's host_pinned
 * strategy: a host starts only when one that started before it is done).
 */
import { runFree, warnFreeMaxFail } from './free.js';
import type { Strategy } from './strategy.js';

export const hostPinnedStrategy: Strategy = {
  name: 'host_pinned',
  startBatch: warnFreeMaxFail,
  runSection: (play, flushHandlers) => runFree(play, (host) => flushHandlers(host), play.run.forks),
  announcesLazily: true,
  reportsTasksLeft: true,
};
