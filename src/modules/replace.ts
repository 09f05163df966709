/**
 * replace: re.subn over the file (MULTILINE), optionally limited to the section between
 * `after` and `before` (DOTALL), as ansible/modules/replace.py does.
 */
import type { ModuleDefinition } from './types.js';
import { asksFileExtras, attributeArgs, FILE_EXTRA_OPTIONS } from './util/attributes.js';
import { pyRegex, pySub } from './util/python-regex.js';
import { loadTextFile, saveTextEdit } from './util/text-file.js';

export interface ReplaceParams {
  regexp: string;
  replace: string;
  after?: string;
  before?: string;
}

/** The new text and the number of substitutions, or a msg when after/before did not match. */
export function replaceEdit(
  contents: string,
  p: ReplaceParams,
): { text: string; count: number; sectionMiss?: string } {
  let pattern = '';
  if (p.after && p.before) pattern = `${p.after}(?P<subsection>.*?)${p.before}`;
  else if (p.after) pattern = `${p.after}(?P<subsection>.*)`;
  else if (p.before) pattern = `(?P<subsection>.*)${p.before}`;
  let section = contents;
  let start = 0;
  let end = contents.length;
  if (pattern) {
    const m = pyRegex(pattern, 'sd').exec(contents);
    const span = m?.indices?.groups?.subsection;
    if (!m || !span) return { text: contents, count: 0, sectionMiss: pattern };
    [start, end] = span;
    section = contents.slice(start, end);
  }
  const [replaced, count] = pySub(pyRegex(p.regexp, 'm'), p.replace, section);
  if (count === 0 || replaced === section) return { text: contents, count: 0 };
  return { text: contents.slice(0, start) + replaced + contents.slice(end), count };
}

export const replaceModule: ModuleDefinition = {
  name: 'replace',
  // SELinux contexts and chattr attributes: Ansible's module sets them
  bridgeFor: asksFileExtras,
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
      regexp: { type: 'str', required: true },
      replace: { type: 'str', default: '' },
      after: { type: 'str' },
      before: { type: 'str' },
      backup: { type: 'bool', default: false },
      validate: { type: 'str' },
      encoding: { type: 'str', default: 'utf-8' },
      mode: { type: 'raw' },
      owner: { type: 'str' },
      group: { type: 'str' },
      unsafe_writes: { type: 'bool', default: false },
      ...FILE_EXTRA_OPTIONS,
    },
  },
  async run(args, ctx) {
    const path = args.path as string;
    const file = await loadTextFile(ctx, path);
    if (!file.exists) return { changed: false, failed: true, rc: 257, msg: `Path ${path} does not exist !` };
    const edit = replaceEdit(file.text, args as unknown as ReplaceParams);
    if (edit.sectionMiss)
      return {
        rc: 0,
        changed: false,
        msg: `Pattern for before/after params did not match the given file: ${edit.sectionMiss}`,
      };
    const changed = edit.count > 0;
    const diff = { before_header: path, before: file.text, after_header: path, after: edit.text };
    const attrs = attributeArgs(args);
    const {
      backup,
      diff: diffs,
      ...result
    } = await saveTextEdit(ctx, {
      path,
      file,
      changed,
      after: edit.text,
      backup: args.backup as boolean,
      validate: args.validate as string | undefined,
      msg: changed ? `${edit.count} replacements made` : '',
      contentDiff: diff,
      attrs,
    });
    const out = { rc: 0, ...result, ...(backup ? { backup_file: backup } : {}) };
    return ctx.diff && changed && Array.isArray(diffs) ? { ...out, diff: diffs[0] } : out;
  },
};
