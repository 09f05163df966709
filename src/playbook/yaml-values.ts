/**
 * Turns YAML nodes into plain values, reporting template expressions that YAML read
 * as a mapping because they were not quoted (`msg: {{ x }}`).
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { copyMarks, markUnsafeSlot, settleChildren, UnsafeText } from '../python/unsafe.js';
import { asUnsafeCollection } from '../yaml/pyyaml.js';
import type { SourceFile } from '../yaml/source.js';
import type { Diagnostics } from './diagnostics.js';
import { quoteYaml, UNQUOTED_TEMPLATE_HINT } from './yaml-hints.js';

/** What the loader needs to read one file: its source, document and error sink. */
export interface FileContext {
  source: SourceFile;
  doc: Document.Parsed;
  diag: Diagnostics;
}

/** Start offset of a node (0 when unknown). */
export function nodeOffset(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

/** Follows aliases to the node they name. */
export function resolveNode(ctx: FileContext, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ctx.doc) : node;
}

/** The plain key of a pair's key node (scalars only; others become their text). */
export function keyOf(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** True for a flow mapping written as `{{ … }}`: an unquoted template. */
function isUnquotedTemplate(ctx: FileContext, node: YAMLMap): boolean {
  if (!node.flow || !node.range) return false;
  return ctx.source.text.startsWith('{{', node.range[0]);
}

function reportUnquotedTemplate(ctx: FileContext, node: Node, where: string): string {
  const [start, end] = node.range ?? [0, 0];
  const written = ctx.source.text.slice(start, end).trimEnd();
  const loc = ctx.source.locate(start);
  const line = ctx.source.lineText(loc.line);
  const rewrite = line.slice(0, loc.col - 1) + quoteYaml(written) + line.slice(loc.col - 1 + written.length);
  ctx.diag.add(
    'FLT_PLAYBOOK_UNQUOTED_TEMPLATE',
    `${where}: the value ${written} starts with "{{" but is not quoted, so YAML read it as a mapping`,
    ctx.source,
    start,
    `${UNQUOTED_TEMPLATE_HINT} It should be written as:\n\n    ${rewrite.trim()}`,
  );
  return written;
}

/**
 * Plain values of anchored nodes, per document. An alias gets the very value its anchor
 * got, as PyYAML shares the object: a "billion laughs" of nested aliases stays as small as
 * its text, and an alias inside its own anchor (`- &p {vars: {me: *p}}`) makes a cycle
 * instead of recursing for ever.
 */
const anchoredValues = new WeakMap<Document, Map<Node, unknown>>();

function anchoredValuesOf(ctx: FileContext): Map<Node, unknown> {
  let values = anchoredValues.get(ctx.doc);
  if (!values) anchoredValues.set(ctx.doc, (values = new Map()));
  return values;
}

/**
 * The plain value of `node`. `where` names the enclosing play/task for error messages.
 * Merge keys (`<<: *defaults`) are applied as in YAML 1.1.
 */
export function toPlain(ctx: FileContext, raw: unknown, where: string): unknown {
  const value = plainOf(ctx, raw, where);
  return value instanceof UnsafeText ? value.text : value;
}

/** Like toPlain, but a `!unsafe` scalar is its UnsafeText box, for its container to settle. */
function plainOf(ctx: FileContext, raw: unknown, where: string): unknown {
  const node = resolveNode(ctx, raw);
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return node.value;
  const anchored = (isSeq(node) || isMap(node)) && node.anchor ? anchoredValuesOf(ctx) : undefined;
  if (anchored?.has(node as Node)) return anchored.get(node as Node);
  if (isSeq(node)) {
    const out: unknown[] = [];
    anchored?.set(node, out);
    for (const item of node.items) out.push(plainOf(ctx, item, where));
    return unsafeIfTagged(node, settleChildren(out));
  }
  if (isMap(node)) {
    if (isUnquotedTemplate(ctx, node)) return reportUnquotedTemplate(ctx, node, where);
    const out: Record<string, unknown> = {};
    anchored?.set(node, out);
    for (const pair of node.items) {
      const key = keyOf(pair.key);
      // yaml marks the YAML 1.1 merge key with a symbol value.
      if (isScalar(pair.key) && (typeof pair.key.value === 'symbol' || key === '<<')) {
        mergeInto(out, toPlain(ctx, pair.value, where));
        continue;
      }
      out[key] = plainOf(ctx, pair.value, where);
    }
    return unsafeIfTagged(node, settleChildren(out));
  }
  return null;
}

/** A `!unsafe` list or mapping: it and everything in it is unsafe (Ansible's wrap_var). */
function unsafeIfTagged<T>(node: YAMLSeq | YAMLMap, value: T): T {
  return node.tag === '!unsafe' ? asUnsafeCollection(node, value) : value;
}

function mergeInto(out: Record<string, unknown>, merged: unknown): void {
  const sources = Array.isArray(merged) ? merged : [merged];
  for (const src of sources) {
    if (!src || typeof src !== 'object' || Array.isArray(src)) continue;
    const taken: string[] = [];
    for (const [k, v] of Object.entries(src)) {
      if (k in out) continue;
      out[k] = v instanceof UnsafeText ? v.text : v;
      taken.push(k);
    }
    copyMarks(src, out, taken);
    for (const k of taken) if (src[k] instanceof UnsafeText) markUnsafeSlot(out, k);
  }
}

/** Describes a plain value's type the way error messages name it. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
