/**
 * The `diff` entry of content-changing modules, as Ansible's action plugins build it:
 * raw before/after texts with headers; binaries and big files are flagged, not shown.
 */
import type { DiffEntry } from '../types.js';

/** Ansible's MAX_FILE_SIZE_FOR_DIFF default. */
export const MAX_DIFF_BYTES = 104448;

/**
 * `before` is the old bytes (null: no file), `after` the new ones; either may be only its
 * size when that is over MAX_DIFF_BYTES (not loaded).
 */
export function contentDiff(
  before: Buffer | number | null,
  after: Buffer | number,
  beforeHeader: string,
  afterHeader: string,
): DiffEntry {
  const diff: DiffEntry & Record<string, unknown> = { before: '', after: '' };
  if (before !== null) {
    if (typeof before === 'number' || before.length > MAX_DIFF_BYTES) diff.dst_larger = MAX_DIFF_BYTES;
    else if (before.includes(0)) diff.dst_binary = 1;
    else {
      diff.before = before.toString('utf8');
      diff.before_header = beforeHeader;
    }
  }
  // The action checks the source's size before reading it for NULs.
  if (typeof after === 'number' || after.length > MAX_DIFF_BYTES) diff.src_larger = MAX_DIFF_BYTES;
  else if (after.includes(0)) diff.src_binary = 1;
  else {
    diff.after = after.toString('utf8');
    diff.after_header = afterHeader;
  }
  return diff;
}

/** Diff of a text edit (lineinfile, blockinfile, replace). */
export function textDiff(before: string, after: string, path: string): DiffEntry {
  return { before, after, before_header: `${path} (content)`, after_header: `${path} (content)` };
}
