/**
 * Unsafe data: text that must never be templated (Ansible's AnsibleUnsafe). Everything a
 * host sends back (module results, facts, registered results, loop items from lookups) and
 * `!unsafe` YAML values are unsafe; so is whatever a template made from them.
 *
 * JavaScript strings cannot carry a mark, so the mark lives on containers, without copying
 * or changing them (WeakSet / WeakMap, invisible to templates, JSON and test equality):
 *  - a *tree* mark: the container and everything in it is unsafe (host results, facts);
 *  - *slot* marks: these keys of a container hold unsafe text (set_fact of `{{ r.stdout }}`,
 *    `!unsafe` scalars, the loop variable). Array slots are indices as strings.
 * Copies of containers lose their marks: code that layers or copies variables uses
 * mergeMarked / copyMarks here. Structured clone loses them too: messages between threads
 * go through encodeUnsafe / decodeUnsafe.
 */
import { isMapping, PyTuple, pyTuple } from './values.js';

const trees = new WeakSet<object>();
const slots = new WeakMap<object, Set<string>>();

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return Array.isArray(value) || isMapping(value);
}

/** Marks `value` and every container in it unsafe, in place; returns it. A bare string cannot be marked. */
export function markUnsafe<T>(value: T): T {
  if (!isContainer(value) || trees.has(value)) return value;
  trees.add(value);
  if (Array.isArray(value)) for (const item of value) markUnsafe(item);
  else for (const key of Object.keys(value)) markUnsafe(value[key]);
  return value;
}

/** True when the container and all of its contents are unsafe. */
export function isUnsafeTree(value: unknown): boolean {
  return value !== null && typeof value === 'object' && trees.has(value);
}

/** Marks `container[key]` as unsafe text (the value itself is not touched). */
export function markUnsafeSlot(container: object, key: string | number): void {
  const name = String(key);
  const set = slots.get(container);
  if (set) set.add(name);
  else slots.set(container, new Set([name]));
}

/** True when `container[key]` is unsafe: a marked slot, a value in an unsafe tree, or an unsafe tree. */
export function isUnsafeAt(container: object, key: string | number): boolean {
  if (trees.has(container)) return true;
  const name = String(key);
  if (slots.get(container)?.has(name)) return true;
  return isUnsafeTree((container as Record<string, unknown>)[name]);
}

/**
 * Like isUnsafeAt, through a prototype chain: variables layered with Object.create (the
 * template module's overlay) keep the marks of the object they inherit from.
 */
export function isUnsafeVar(vars: object, name: string): boolean {
  for (let o: object | null = vars; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) return isUnsafeAt(o, name);
  }
  return false;
}

/** Copies the unsafe marks of `from`'s keys onto `to` (for the keys `to` took from `from`). */
export function copyMarks(from: object, to: object, keys?: Iterable<string>): void {
  if (trees.has(from)) {
    for (const key of keys ?? Object.keys(from)) markUnsafeSlot(to, key);
    return;
  }
  const marked = slots.get(from);
  if (!marked) return;
  if (!keys) {
    for (const key of marked) markUnsafeSlot(to, key);
    return;
  }
  for (const key of keys) if (marked.has(key)) markUnsafeSlot(to, key);
}

/** Object.assign(target, source) that carries source's marks for the keys it copies. */
export function assignMarked(target: Record<string, unknown>, source: object | undefined): void {
  if (!source) return;
  Object.assign(target, source);
  const own = slots.get(target);
  if (own) for (const key of Object.keys(source)) own.delete(key);
  copyMarks(source, target);
}

/**
 * Object.assign({}, ...layers) that keeps each key's mark from the layer it came from:
 * a later, safe layer's value is not unsafe because an earlier layer's was.
 */
export function mergeMarked(...layers: (object | undefined | null)[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.assign({}, ...layers);
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (!layer) continue;
    const tree = trees.has(layer);
    const marked = tree ? Object.keys(layer) : slots.get(layer);
    if (!marked) continue;
    for (const key of marked) if (!overriddenAfter(layers, i, key)) markUnsafeSlot(out, key);
  }
  return out;
}

function overriddenAfter(layers: (object | undefined | null)[], index: number, key: string): boolean {
  for (let j = index + 1; j < layers.length; j++) {
    const later = layers[j];
    if (later && Object.hasOwn(later, key)) return true;
  }
  return false;
}

/** `{...vars, ...extra}` keeping vars' marks; `unsafeKeys` of extra are marked unsafe. */
export function withVars(
  vars: Record<string, unknown>,
  extra: Record<string, unknown>,
  unsafeKeys: string[] = [],
): Record<string, unknown> {
  const out = mergeMarked(vars, extra);
  for (const key of unsafeKeys) markUnsafeSlot(out, key);
  return out;
}

/**
 * An unsafe version of a value a tainted template produced: the value itself when it
 * already is an unsafe tree or not a container, else a marked copy (the value may be a
 * safe variable's own list or dict, which must stay templatable where it came from).
 */
export function asUnsafe<T>(value: T): T {
  if (!isContainer(value) || trees.has(value)) return value;
  return markUnsafe(deepCopy(value)) as T;
}

function deepCopy(value: unknown): unknown {
  if (value instanceof PyTuple) return pyTuple(value.map(deepCopy));
  if (Array.isArray(value)) return value.map(deepCopy);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = deepCopy(value[key]);
    return out;
  }
  return value;
}

/**
 * A scalar tagged `!unsafe` while YAML is read; settleUnsafe turns it into a slot mark on
 * its container. Count of boxes made, so documents without the tag are not walked.
 */
export class UnsafeText {
  static made = 0;
  constructor(readonly text: string) {
    UnsafeText.made++;
  }
  toString(): string {
    return this.text;
  }
}

/** Replaces UnsafeText boxes in freshly read YAML by their text, marking their slots. */
export function settleUnsafe(value: unknown, since = 0): unknown {
  if (UnsafeText.made === since) return value;
  if (value instanceof UnsafeText) return value.text;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) settleSlot(value, String(i), value[i], since);
  } else if (isMapping(value)) {
    for (const key of Object.keys(value)) settleSlot(value, key, value[key], since);
  }
  return value;
}

function settleSlot(container: Container, key: string, child: unknown, since: number | undefined): void {
  if (child instanceof UnsafeText) {
    (container as Record<string, unknown>)[key] = child.text;
    markUnsafeSlot(container, key);
  } else if (since !== undefined) settleUnsafe(child, since);
}

/** settleUnsafe for a container's own children only (its children are settled already). */
export function settleChildren<T>(container: T): T {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) settleSlot(container, String(i), container[i], undefined);
  } else if (isMapping(container)) {
    for (const key of Object.keys(container)) settleSlot(container, key, container[key], undefined);
  }
  return container;
}

// Thread boundary. Structured clone keeps neither WeakSet nor WeakMap entries, so marked
// containers travel wrapped: {[TREE]: value} for a tree (not walked: everything in it is
// unsafe anyway) and {[SLOTS]: keys, [VALUE]: value} for slot marks. Decoding never looks
// inside a tree, so data a host sent cannot pose as a wrapper to unmark anything.
const TREE = '__flotilla_unsafe_tree__';
const SLOTS = '__flotilla_unsafe_slots__';
const VALUE = '__flotilla_value__';

/**
 * The value with its marks made plain data (copies only the containers on the way to a mark).
 * `seen` stops at a container met again: YAML aliases can make cycles (`- &p {vars: {me: *p}}`),
 * which structured clone keeps as they are.
 */
export function encodeUnsafe(value: unknown, seen = new Set<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (trees.has(value)) return { [TREE]: value };
  if (!isContainer(value) || seen.has(value)) return value;
  seen.add(value);
  let out: Container | undefined;
  const set = (key: string | number, v: unknown) => {
    out ??= Array.isArray(value) ? [...value] : { ...value };
    (out as Record<string, unknown>)[key] = v;
  };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const enc = encodeUnsafe(value[i], seen);
      if (enc !== value[i]) set(i, enc);
    }
  } else {
    for (const key of Object.keys(value)) {
      const enc = encodeUnsafe(value[key], seen);
      if (enc !== value[key]) set(key, enc);
    }
  }
  const marked = slots.get(value);
  const body = out ?? value;
  return marked?.size ? { [SLOTS]: [...marked], [VALUE]: body } : body;
}

/** Undoes encodeUnsafe on a structured-cloned value (in place where it can; cycles visited once). */
export function decodeUnsafe(value: unknown, seen = new Set<object>()): unknown {
  if (!isContainer(value) || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeUnsafe(value[i], seen);
    return value;
  }
  if (Object.hasOwn(value, TREE) && Object.keys(value).length === 1) return markUnsafe(value[TREE]);
  if (Object.hasOwn(value, SLOTS) && Object.hasOwn(value, VALUE) && Object.keys(value).length === 2) {
    const inner = decodeUnsafe(value[VALUE], seen);
    if (isContainer(inner) && Array.isArray(value[SLOTS]))
      for (const key of value[SLOTS] as unknown[]) markUnsafeSlot(inner, String(key));
    return inner;
  }
  for (const key of Object.keys(value)) value[key] = decodeUnsafe(value[key], seen);
  return value;
}

/** The slot-marked keys of a container (tree marks not included), for scanners. */
export function unsafeSlotsOf(container: object): ReadonlySet<string> | undefined {
  return slots.get(container);
}
