/**
 * blockinfile: a port of ansible/modules/blockinfile.py. The block sits between two
 * marker lines built from `marker` with {mark} replaced by marker_begin / marker_end.
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleDefinition } from './types.js';
import { asksFileExtras, attributeArgs, FILE_EXTRA_OPTIONS } from './util/attributes.js';
import { textDiff } from './util/content-diff.js';
import { pyRegex } from './util/python-regex.js';
import { runChecked } from './util/remote.js';
import { dirname } from './util/remote-file.js';
import { loadTextFile, saveTextEdit } from './util/text-file.js';

/** The module compiles its patterns as bytes. */
const BYTES = { bytes: true };

export interface BlockParams {
  state: string;
  marker: string;
  block: string;
  insertafter?: string;
  insertbefore?: string;
  marker_begin: string;
  marker_end: string;
}

/** Python's bytes.splitlines(True). */
function splitKeep(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}

/** The edited text; pure so it is unit-testable. */
export function blockEdit(original: string, p: BlockParams): { text: string; hasBlock: boolean } {
  const lines = splitKeep(original);
  const present = p.state === 'present';
  let insertafter = p.insertafter;
  const insertbefore = p.insertbefore;
  if (insertbefore === undefined && insertafter === undefined) insertafter = 'EOF';
  let insertre: RegExp | undefined;
  if (insertafter !== undefined && insertafter !== 'EOF') insertre = pyRegex(insertafter, '', BYTES);
  else if (insertbefore !== undefined && insertbefore !== 'BOF') insertre = pyRegex(insertbefore, '', BYTES);

  const marker0 = `${p.marker.replaceAll('{mark}', p.marker_begin)}\n`;
  const marker1 = `${p.marker.replaceAll('{mark}', p.marker_end)}\n`;
  let blockLines: string[] = [];
  if (present && p.block) {
    const block = p.block.endsWith('\n') ? p.block : `${p.block}\n`;
    blockLines = [marker0, ...splitKeep(block), marker1];
  }
  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((line, i) => {
    if (line === marker0) n0 = i;
    if (line === marker1) n1 = i;
  });
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (insertre) {
      if (insertre.flags.includes('m')) {
        const m = insertre.exec(original);
        if (m)
          n0 = (original.slice(0, insertafter ? m.index + m[0].length : m.index).match(/\n/g) ?? []).length;
      } else {
        lines.forEach((line, i) => {
          if (insertre.test(line.replace(/[\r\n]+$/, ''))) n0 = i;
        });
      }
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else if (insertbefore !== undefined) n0 = 0;
    else n0 = lines.length;
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && !lines[n0 - 1].endsWith('\n')) lines[n0 - 1] += '\n';
  // Not splice(n0, 0, ...blockLines): a spread of a large block overflows the call stack.
  const edited = [...lines.slice(0, n0), ...blockLines, ...lines.slice(n0)];
  return { text: edited.join(''), hasBlock: blockLines.length > 0 };
}

export const blockinfileModule: ModuleDefinition = {
  name: 'blockinfile',
  // SELinux contexts and chattr attributes: Ansible's module sets them
  bridgeFor: asksFileExtras,
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      marker: { type: 'str', default: '# {mark} ANSIBLE MANAGED BLOCK' },
      block: { type: 'str', default: '', aliases: ['content'] },
      insertafter: { type: 'str' },
      insertbefore: { type: 'str' },
      create: { type: 'bool', default: false },
      backup: { type: 'bool', default: false },
      validate: { type: 'str' },
      marker_begin: { type: 'str', default: 'BEGIN' },
      marker_end: { type: 'str', default: 'END' },
      mode: { type: 'raw' },
      owner: { type: 'str' },
      group: { type: 'str' },
      unsafe_writes: { type: 'bool', default: false },
      ...FILE_EXTRA_OPTIONS,
    },
    mutuallyExclusive: [['insertbefore', 'insertafter']],
  },
  async run(args, ctx) {
    const path = args.path as string;
    const file = await loadTextFile(ctx, path);
    if (!file.exists) {
      if (!args.create)
        return { changed: false, failed: true, rc: 257, msg: `Path ${path} does not exist !` };
      // Ansible makes the parent directories even when there is no block to write
      if (args.state === 'absent' && !ctx.check) await runChecked(ctx, `mkdir -p -- ${quote(dirname(path))}`);
    }
    if (args.state === 'absent' && !file.exists) return { changed: false, msg: `File ${path} not present` };
    const { text, hasBlock } = blockEdit(file.text, args as unknown as BlockParams);
    let msg = '';
    let changed = true;
    if (file.exists && text === file.text) changed = false;
    else if (!file.exists) msg = 'File created';
    else if (!hasBlock) msg = 'Block removed';
    else msg = 'Block inserted';
    const diff = textDiff(ctx.diff ? file.text : '', ctx.diff ? text : '', path);
    if (ctx.check && !file.exists) return { changed, msg, diff };
    const attrs = attributeArgs(args);
    const { backup, ...result } = await saveTextEdit(ctx, {
      path,
      file,
      makeParent: !file.exists,
      changed,
      after: text,
      backup: args.backup as boolean,
      validate: args.validate as string | undefined,
      msg,
      contentDiff: diff,
      attrs,
      alwaysDiff: true,
    });
    return backup ? { ...result, backup_file: backup } : result;
  },
};
