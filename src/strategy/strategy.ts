/**
 * The strategy contract and its one registry, read by the CLI (`--strategy`) and the play
 * runner (`strategy:`). A strategy decides how the batch's hosts walk one section of the
 * play; everything else (batches, handlers, exit codes) is the play runner's. Adding one is
 * a file that implements Strategy plus a line in STRATEGIES.
 */
import { freeStrategy } from './free.js';
import { hostPinnedStrategy } from './host-pinned.js';
import { linearStrategy } from './linear.js';
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

export const STRATEGIES: Readonly<Record<string, Strategy>> = {
  linear: linearStrategy,
  free: freeStrategy,
  host_pinned: hostPinnedStrategy,
};

export const STRATEGY_NAMES = Object.keys(STRATEGIES);

/** The strategy called `name` (also by its FQCN, ansible.builtin.<name>), or undefined. */
export function strategyNamed(name: string): Strategy | undefined {
  const short = name.replace(/^ansible\.(?:builtin|legacy)\./, '');
  return Object.hasOwn(STRATEGIES, short) ? STRATEGIES[short] : undefined;
}
