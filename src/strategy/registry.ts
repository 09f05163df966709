/**
 * The one strategy registry, read by the CLI (`--strategy`) and the play runner
 * (`strategy:`).
 */
import { freeStrategy } from './free.js';
import { hostPinnedStrategy } from './host-pinned.js';
import { linearStrategy } from './linear.js';
import type { Strategy } from './strategy.js';

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
