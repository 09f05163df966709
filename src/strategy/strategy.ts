/**
 * The strategy contract. A strategy decides how the batch's hosts walk one section of the
 * play; everything else (batches, handlers, exit codes) is the play runner's. Adding one is
 * a file that implements Strategy plus a line in STRATEGIES (registry.ts).
 */
import type { PlayContext } from './play-context.js';

/** Runs the notified handlers: every host's, or only `host`'s (a host flushing its own). */
export type FlushHandlers = (host?: string) => Promise<void>;

export interface Strategy {
  readonly name: string;
  /** Once per serial batch, before its first section (Ansible's per-batch warnings). */
  startBatch(play: PlayContext): void;
  /** Runs one section (pre_tasks, roles and tasks, post_tasks) on the batch's active hosts. */
  runSection(play: PlayContext, flushHandlers: FlushHandlers): Promise<void>;
  /** A task's banner prints with its first host's result (free), not before it runs. */
  readonly announcesLazily: boolean;
  /**
   * When every host of a batch failed with tasks left, Ansible's free strategy says "NO MORE
   * HOSTS LEFT"; linear says it only for any_errors_fatal or max_fail_percentage.
   */
  readonly reportsTasksLeft: boolean;
}
