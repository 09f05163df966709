/**
 * `--diff` output as Ansible's CallbackBase._get_diff prints it: a unified diff (Python
 * difflib, 3 lines of context) per `{before, after, before_header, after_header}` entry,
 * the "\ No newline at end of file" markers, then any `prepared` text.
 */

import { appendAll } from '../collections/append-all.js';
import { pythonJsonDumps } from '../python/json-dumps.js';

const CONTEXT = 3;

/** CallbackBase._serialize_diff: a dict's before/after as text (JSON, or YAML for the yaml callback). */
export type DiffSerializer = (value: object) => string;

const jsonDiff: DiffSerializer = (value) => `${pythonJsonDumps(value, 4)}\n`;

export function formatDiff(diff: unknown, serialize: DiffSerializer = jsonDiff): string {
  const list = Array.isArray(diff) ? diff : [diff];
  const out: string[] = [];
  for (const d of list as Record<string, unknown>[]) {
    if (!d || typeof d !== 'object') continue;
    if ('dst_binary' in d) out.push('diff skipped: destination file appears to be binary\n');
    if ('src_binary' in d) out.push('diff skipped: source file appears to be binary\n');
    if ('dst_larger' in d) out.push(`diff skipped: destination file size is greater than ${d.dst_larger}\n`);
    if ('src_larger' in d) out.push(`diff skipped: source file size is greater than ${d.src_larger}\n`);
    if ('before' in d && 'after' in d) {
      const before = lines(text(d.before, serialize));
      const after = lines(text(d.after, serialize));
      const from = 'before_header' in d ? `before: ${d.before_header}` : 'before';
      const to = 'after_header' in d ? `after: ${d.after_header}` : 'after';
      const hunks = unifiedDiff(before, after);
      if (hunks.length) appendAll(out, [`--- ${from}\n`, `+++ ${to}\n`, ...hunks, '\n']);
    }
    if (typeof d.prepared === 'string') out.push(d.prepared);
  }
  return out.join('');
}

function text(v: unknown, serialize: DiffSerializer): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return serialize(v);
  return String(v);
}

/** str.splitlines(True), with difflib's marker on a last line without a newline. */
function lines(s: string): string[] {
  const out = s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (out.length && !out[out.length - 1].endsWith('\n'))
    out[out.length - 1] += '\n\\ No newline at end of file\n';
  return out;
}

type Op = { tag: 'equal' | 'delete' | 'insert'; a: number; b: number };

/** Line operations from a longest-common-subsequence table. */
function operations(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ tag: 'equal', a: i++, b: j++ });
    else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) ops.push({ tag: 'insert', a: i, b: j++ });
    else ops.push({ tag: 'delete', a: i++, b: j });
  }
  return ops;
}

function range(start: number, length: number): string {
  const begin = length === 0 ? start : start + 1;
  return length === 1 ? `${begin}` : `${begin},${length}`;
}

function unifiedDiff(a: string[], b: string[]): string[] {
  const ops = operations(a, b);
  const changes = ops.map((o, k) => (o.tag === 'equal' ? -1 : k)).filter((k) => k >= 0);
  if (changes.length === 0) return [];
  // Group changes whose context overlaps (difflib: 2n equal lines between them or fewer).
  const groups: [number, number][] = [];
  for (const k of changes) {
    const last = groups[groups.length - 1];
    if (last && k - last[1] <= 2 * CONTEXT + 1) last[1] = k;
    else groups.push([k, k]);
  }
  const out: string[] = [];
  for (const [first, last] of groups) {
    const lo = Math.max(0, first - CONTEXT);
    const hi = Math.min(ops.length - 1, last + CONTEXT);
    const slice = ops.slice(lo, hi + 1);
    const aStart = slice[0].a;
    const bStart = slice[0].b;
    const aLen = slice.filter((o) => o.tag !== 'insert').length;
    const bLen = slice.filter((o) => o.tag !== 'delete').length;
    out.push(`@@ -${range(aStart, aLen)} +${range(bStart, bLen)} @@\n`);
    for (const o of slice) {
      if (o.tag === 'equal') out.push(` ${a[o.a]}`);
      else if (o.tag === 'delete') out.push(`-${a[o.a]}`);
      else out.push(`+${b[o.b]}`);
    }
  }
  return out;
}
