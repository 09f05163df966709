import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { asksFileExtras, attributeArgs, FILE_EXTRA_OPTIONS } from './util/attributes.js';
import { textDiff } from './util/content-diff.js';
import { expandTemplate, pyRegex } from './util/python-regex.js';
import { loadTextFile, readLines, saveTextEdit } from './util/text-file.js';

/** The module compiles its patterns as bytes (to_bytes(regexp)). */
const BYTES = { bytes: true };

const strip = (l: string) => l.replace(/[\r\n]+$/, '');

interface Params {
  path: string;
  regexp?: string;
  search_string?: string;
  line?: string;
  insertafter?: string;
  insertbefore?: string;
  backrefs: boolean;
  firstmatch: boolean;
}

/** The edit itself; pure so it is unit-testable. */
export function presentEdit(lines: string[], p: Params): { lines: string[]; changed: boolean; msg: string } {
  const line = p.line ?? '';
  const re = p.regexp !== undefined ? pyRegex(p.regexp, '', BYTES) : undefined;
  const insAfter = p.insertbefore === undefined && p.insertafter === undefined ? 'EOF' : p.insertafter;
  const insBefore = p.insertbefore;
  let ins: RegExp | undefined;
  if (insAfter !== undefined && insAfter !== 'BOF' && insAfter !== 'EOF') ins = pyRegex(insAfter, '', BYTES);
  else if (insBefore !== undefined && insBefore !== 'BOF') ins = pyRegex(insBefore, '', BYTES);

  const index = [-1, -1];
  let match: RegExpExecArray | boolean | null = null;
  let exact = false;
  if (re) {
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(strip(lines[i]));
      if (m) {
        index[0] = i;
        match = m;
        if (p.firstmatch) break;
      }
    }
  }
  if (p.search_string !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].includes(p.search_string)) {
        index[0] = i;
        match = true;
        if (p.firstmatch) break;
      }
    }
  }
  if (!match) {
    for (let i = 0; i < lines.length; i++) {
      if (line === strip(lines[i])) {
        index[0] = i;
        exact = true;
      } else if (ins?.test(strip(lines[i]))) {
        if (insAfter) {
          index[1] = i + 1;
          if (p.firstmatch) break;
        }
        if (insBefore) {
          index[1] = i;
          if (p.firstmatch) break;
        }
      }
    }
  }
  const out = [...lines];
  const added = { lines: out, changed: true, msg: 'line added' };
  const unchanged = { lines: out, changed: false, msg: '' };
  if (index[0] !== -1) {
    let newLine = p.backrefs && match && typeof match === 'object' ? expandTemplate(line, match) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (p.regexp === undefined && p.search_string === undefined && !match && !exact) return unchanged;
    if (out[index[0]] !== newLine) {
      out[index[0]] = newLine;
      return { lines: out, changed: true, msg: 'line replaced' };
    }
    return unchanged;
  }
  if (p.backrefs) return unchanged;
  if (insBefore === 'BOF' || insAfter === 'BOF') {
    out.unshift(`${line}\n`);
    return added;
  }
  if (insAfter === 'EOF' || index[1] === -1) {
    if (out.length && !/[\r\n]$/.test(out[out.length - 1])) out.push('\n');
    out.push(`${line}\n`);
    return added;
  }
  if (insAfter && index[1] !== -1) {
    if (out.length === index[1]) {
      if (strip(out[index[1] - 1]) !== line) {
        out.push(`${line}\n`);
        return added;
      }
      return unchanged;
    }
    if (line !== strip(out[index[1]])) {
      out.splice(index[1], 0, `${line}\n`);
      return added;
    }
    return unchanged;
  }
  out.splice(index[1], 0, `${line}\n`);
  return added;
}

/** Lines kept and how many were removed, for state=absent. */
export function absentEdit(lines: string[], p: Params): { lines: string[]; found: number } {
  const re = p.regexp !== undefined ? pyRegex(p.regexp, '', BYTES) : undefined;
  const kept = lines.filter((l) => {
    if (re) return !re.test(strip(l));
    if (p.search_string !== undefined) return !l.includes(p.search_string);
    return p.line !== strip(l);
  });
  return { lines: kept, found: lines.length - kept.length };
}

export const lineinfileModule: ModuleDefinition = {
  name: 'lineinfile',
  // SELinux contexts and chattr attributes: Ansible's module sets them
  bridgeFor: asksFileExtras,
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      regexp: { type: 'str', aliases: ['regex'] },
      search_string: { type: 'str' },
      line: { type: 'str', aliases: ['value'] },
      insertafter: { type: 'str' },
      insertbefore: { type: 'str' },
      backrefs: { type: 'bool', default: false },
      create: { type: 'bool', default: false },
      backup: { type: 'bool', default: false },
      firstmatch: { type: 'bool', default: false },
      validate: { type: 'str' },
      mode: { type: 'raw' },
      owner: { type: 'str' },
      group: { type: 'str' },
      unsafe_writes: { type: 'bool', default: false },
      ...FILE_EXTRA_OPTIONS,
    },
    mutuallyExclusive: [
      ['insertbefore', 'insertafter'],
      ['regexp', 'search_string'],
      ['backrefs', 'search_string'],
    ],
  },
  async run(args, ctx) {
    const r = await edit(args, ctx);
    const warning = emptyPatternWarning(args as unknown as Params);
    return warning ? { ...r, warnings: [...((r.warnings as string[] | undefined) ?? []), warning] } : r;
  },
};

/** The module's warning for an empty regexp or search_string (given before anything else). */
function emptyPatternWarning(p: Params): string | undefined {
  if (p.regexp !== '' && p.search_string !== '') return undefined;
  const what = p.regexp === '' ? 'regular expression' : 'search string';
  let msg = `The ${what} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.`;
  if (p.regexp === '')
    msg += " If this is desired, use '^' to match every line in the file and avoid this warning.";
  return msg;
}

async function edit(args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const p = args as unknown as Params & {
    state: string;
    create: boolean;
    backup: boolean;
    validate?: string;
  };
  const attrs = attributeArgs(args);
  if (p.state === 'present') {
    if (p.backrefs && p.regexp === undefined) return fail('regexp is required with backrefs=true');
    if (p.line === undefined) return fail('line is required with state=present');
  } else if (p.regexp === undefined && p.search_string === undefined && p.line === undefined) {
    return fail('one of line, search_string, or regexp is required with state=absent');
  }
  const file = await loadTextFile(ctx, p.path);
  const diff = textDiff(ctx.diff ? file.text : '', '', p.path);
  if (p.state === 'absent') {
    if (!file.exists) return { changed: false, msg: 'file not present' };
    const { lines, found } = absentEdit(readLines(file.text), p);
    const after = lines.join('');
    diff.after = ctx.diff ? after : '';
    const r = await saveTextEdit(ctx, {
      path: p.path,
      file,
      changed: found > 0,
      after,
      backup: p.backup,
      validate: p.validate,
      msg: found > 0 ? `${found} line(s) removed` : '',
      contentDiff: diff,
      attrs,
      alwaysDiff: true,
    });
    return { ...r, found };
  }
  if (!file.exists) {
    if (!p.create)
      return { changed: false, failed: true, rc: 257, msg: `Destination ${p.path} does not exist !` };
  }
  const edit = presentEdit(readLines(file.text), p);
  const after = edit.lines.join('');
  if (ctx.diff) diff.after = after;
  if (ctx.check && !file.exists) return { changed: edit.changed, msg: edit.msg, backup: '', diff };
  return saveTextEdit(ctx, {
    path: p.path,
    file,
    makeParent: !file.exists,
    changed: edit.changed,
    after,
    backup: p.backup,
    validate: p.validate,
    msg: edit.msg,
    contentDiff: diff,
    attrs,
    alwaysDiff: true,
  });
}

function fail(msg: string): ModuleResult {
  return { changed: false, failed: true, msg };
}
