/** A YAML mapping read as a list of entries that keep their key positions. */
import { isMap } from 'yaml';
import { type FileContext, keyOf, nodeOffset, resolveNode, toPlain } from './yaml-values.js';

export interface Entry {
  key: string;
  keyOffset: number;
  valueNode: unknown;
  /** Offset of the value (the key's offset when the value is empty). */
  valueOffset: number;
}

/** Entries of a mapping node, or undefined when `node` is not a mapping. */
export function entriesOf(ctx: FileContext, node: unknown): Entry[] | undefined {
  const map = resolveNode(ctx, node);
  if (!isMap(map)) return undefined;
  return map.items.map((pair) => {
    const keyOffset = nodeOffset(pair.key);
    const value = pair.value;
    return {
      key: keyOf(pair.key),
      keyOffset,
      valueNode: value,
      valueOffset: value ? nodeOffset(value) : keyOffset,
    };
  });
}

/** The plain value of an entry. */
export function entryValue(ctx: FileContext, entry: Entry, where: string): unknown {
  return toPlain(ctx, entry.valueNode, where);
}
