import type { Render } from '../../executor/loop-items.js';
import { isUnsafeAt } from '../../python/unsafe.js';

/** One argument rendered; an unsafe one (`msg: !unsafe "{{ x }}"`) is returned as written. */
export function renderArg(args: Record<string, unknown>, key: string, render: Render): unknown {
  return isUnsafeAt(args, key) ? args[key] : render(args[key]);
}
