/**
 * `--diff` output as Ansible's CallbackBase._get_diff prints it: a unified diff (Python
 * difflib, 3 lines of context) per `{before, after, before_header, after_header}` entry,
 * the "\ No newline at end of file" markers, then any `prepared` text.
 */

import { appendAll } from '../collections/append-all.js';
import { unifiedDiff } from '../python/difflib.js';
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
      const hunks = unifiedDiff(before, after, from, to, CONTEXT);
      if (hunks.length) appendAll(out, [...hunks, '\n']);
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
