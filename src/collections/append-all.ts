/**
 * `target.push(...items)` without the spread: a spread passes every item as a call
 * argument, and V8 throws "Maximum call stack size exceeded" past ~120k of them (a group of
 * 125k hosts). A loop has no such limit.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
