/**
 * community.general.ini_file (6.x; `ini_file` is routed to it): one read of the file and its
 * stat, the edit made here as ini_file.py's do_ini makes it (its fake first and last
 * sections, commented options, duplicates, `exclusive`), and one write that also applies
 * mode/owner/group. The result carries do_ini's diff dict whether or not --diff is on.
 */
import { quote } from '../connection/shell-quote.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import {
  applyAttributes,
  asksFileExtras,
  attributeArgs,
  FILE_EXTRA_OPTIONS,
  planAttributes,
} from './util/attributes.js';
import { pathInfo } from './util/path-info.js';
import { ModuleCrash, run } from './util/remote.js';
import { backupRemoteFile, dirname, NEW_FILE_MODE, writeRemoteFile } from './util/remote-file.js';
import type { RemoteStat } from './util/remote-stat.js';
import { loadTextFile, readLines } from './util/text-file.js';

/** ini_file.py's fake section name (a commit hash), which matches no real section. */
const FAKE_SECTION = 'ad01e11446efb704fcdbdb21f2c43757423d91c5';

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * match_opt (commented: `[#;]?` allowed first) and match_active_opt. Python's `$` matches
 * before a final newline too, and its `.` is anything but a newline.
 */
function optionRe(option: string, commented: boolean): RegExp {
  return new RegExp(
    `^${commented ? '[#;]?' : ''}( |\\t)*(${escapeRe(option)})( |\\t)*(=|(?=\\n?$))( |\\t)*([^\\n]*)`,
  );
}

/** A blank or comment-only line (non_blank_non_comment_pattern matches it). */
const BLANK_OR_COMMENT = /^[ \t]*([#;][^\n]*)?\n?$/;

export interface IniParams {
  section?: string | null;
  option?: string | null;
  /** Deduplicated, in order. */
  values: string[];
  state: 'present' | 'absent';
  exclusive: boolean;
  noExtraSpaces: boolean;
  allowNoValue: boolean;
}

/** do_ini's edit of the file's lines (readlines(): each ends in \n but maybe the last). */
export function iniEdit(
  fileLines: readonly string[],
  p: IniParams,
): { lines: string[]; changed: boolean; msg: string } {
  const values = [...p.values];
  const option = p.option ?? undefined;
  let changed = false;
  const iniLines = [...fileLines];
  if (iniLines.length === 0) iniLines.push('\n');
  const last = iniLines.length - 1;
  if (iniLines[last] === '' || !iniLines[last].endsWith('\n')) {
    iniLines[last] += '\n';
    changed = true;
  }
  iniLines.unshift(`[${FAKE_SECTION}]`);
  iniLines.push('[');
  const section = p.section ? p.section : FAKE_SECTION;
  let withinSection = false;
  let sectionStart = 0;
  let sectionEnd = 0;
  let msg = 'OK';
  const assignment = (o: string, v: string) => (p.noExtraSpaces ? `${o}=${v}\n` : `${o} = ${v}\n`);
  let optionNoValuePresent = false;
  for (let index = 0; index < iniLines.length; index++) {
    const line = iniLines[index];
    if (line.startsWith(`[${section}]`)) {
      withinSection = true;
      sectionStart = index;
    } else if (line.startsWith('[') && withinSection) {
      sectionEnd = index;
      break;
    }
  }
  const before = iniLines.slice(0, sectionStart);
  let sectionLines = iniLines.slice(sectionStart, sectionEnd);
  const after = iniLines.slice(sectionEnd);
  const changedLines = sectionLines.map(() => 0);
  const update = (index: number, newline: string) => {
    if (sectionLines[index] !== newline) {
      changed = true;
      msg = 'option changed';
    }
    sectionLines[index] = newline;
    changedLines[index] = 1;
  };
  // re.escape(None) in match_opt: the module dies of a TypeError
  const matchOpt = (line: string) => {
    if (option === undefined) throw new ModuleCrash("TypeError: 'NoneType' object is not iterable");
    return optionRe(option, true).exec(line);
  };

  if (p.state === 'present' && option) {
    for (let index = 0; index < sectionLines.length; index++) {
      const match = matchOpt(sectionLines[index]);
      if (!match) continue;
      if (values.length && values.includes(match[6])) {
        const matched = match[6];
        if (!matched && p.allowNoValue) {
          update(index, `${option}\n`);
          optionNoValuePresent = true;
        } else update(index, assignment(option, matched));
        values.splice(values.indexOf(matched), 1);
      } else if (!values.length && p.allowNoValue) {
        update(index, `${option}\n`);
        optionNoValuePresent = true;
        break;
      }
    }
  }

  if (p.state === 'present' && p.exclusive && !p.allowNoValue) {
    if (values.length > 0) {
      for (let index = 0; index < sectionLines.length; index++) {
        if (!changedLines[index] && matchOpt(sectionLines[index])) {
          update(index, assignment(option as string, values.shift() as string));
          if (values.length === 0) break;
        }
      }
    }
    for (let index = sectionLines.length - 1; index > 0; index--) {
      if (!changedLines[index] && matchOpt(sectionLines[index])) {
        sectionLines.splice(index, 1);
        changedLines.splice(index, 1);
        changed = true;
        msg = 'option changed';
      }
    }
  }

  if (p.state === 'present') {
    for (let index = sectionLines.length; index > 0; index--) {
      if (BLANK_OR_COMMENT.test(sectionLines[index - 1])) continue;
      if (option && values.length) {
        for (const element of [...values].reverse()) {
          sectionLines.splice(index, 0, assignment(option, element));
          msg = 'option added';
          changed = true;
        }
      } else if (option && !values.length && p.allowNoValue && !optionNoValuePresent) {
        sectionLines.splice(index, 0, `${option}\n`);
        msg = 'option added';
        changed = true;
      }
      break;
    }
  }

  if (p.state === 'absent') {
    if (option) {
      const active = optionRe(option, false);
      let kept: string[] | undefined;
      if (p.exclusive) kept = sectionLines.filter((l) => !active.test(l));
      else if (values.length > 0)
        kept = sectionLines.filter((l) => {
          const m = active.exec(l);
          return !(m && values.includes(m[6]));
        });
      if (kept && kept.length !== sectionLines.length) {
        changed = true;
        msg = 'option changed';
        sectionLines = kept;
      }
    } else if (sectionLines.length) {
      sectionLines = [];
      msg = 'section removed';
      changed = true;
    }
  }

  const lines = [...before, ...sectionLines, ...after];
  lines.shift();
  lines.pop();
  if (!withinSection && p.state === 'present') {
    lines.push(`[${section}]\n`);
    msg = 'section and option added';
    if (option && values.length) for (const value of values) lines.push(assignment(option, value));
    else if (option && !values.length && p.allowNoValue) lines.push(`${option}\n`);
    else msg = 'only section added';
    changed = true;
  }
  return { lines, changed, msg };
}

export const iniFileModule: ModuleDefinition = {
  name: 'ini_file',
  // SELinux contexts and chattr attributes: Ansible's module sets them
  bridgeFor: asksFileExtras,
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest'] },
      section: { type: 'str' },
      option: { type: 'str' },
      value: { type: 'str' },
      values: { type: 'list', elements: 'str' },
      backup: { type: 'bool', default: false },
      state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
      exclusive: { type: 'bool', default: true },
      no_extra_spaces: { type: 'bool', default: false },
      allow_no_value: { type: 'bool', default: false },
      create: { type: 'bool', default: true },
      mode: { type: 'raw' },
      owner: { type: 'str' },
      group: { type: 'str' },
      unsafe_writes: { type: 'bool', default: false },
      ...FILE_EXTRA_OPTIONS,
    },
    mutuallyExclusive: [['value', 'values']],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const path = args.path as string;
    const value = (args.value ?? undefined) as string | undefined;
    const given = (args.values ?? undefined) as string[] | undefined;
    const state = args.state as 'present' | 'absent';
    const allowNoValue = args.allow_no_value as boolean;
    if (state === 'present' && !allowNoValue && value === undefined && !given?.length)
      return {
        changed: false,
        failed: true,
        msg: "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.",
      };
    const values: string[] = [];
    for (const v of value !== undefined ? [value] : (given ?? []))
      if (v !== null && !values.includes(v)) values.push(v);
    const file = await loadTextFile(ctx, path);
    if (!file.exists && !args.create)
      return { changed: false, failed: true, rc: 257, msg: `Destination ${path} does not exist!` };
    // io.open(encoding='utf-8-sig'): no BOM, universal newlines
    const text = file.text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
    const edit = iniEdit(readLines(text), {
      section: args.section as string | undefined,
      option: args.option as string | undefined,
      values,
      state,
      exclusive: args.exclusive as boolean,
      noExtraSpaces: args.no_extra_spaces as boolean,
      allowNoValue,
    });
    const after = edit.lines.join('');
    const diff = {
      before: ctx.diff ? text : '',
      after: ctx.diff ? after : '',
      before_header: `${path} (content)`,
      after_header: `${path} (content)`,
    };
    let changed = edit.changed;
    let backupFile: string | undefined;
    const attrs = attributeArgs(args);
    // add_path_info's stat of the file as the module leaves it (the loaded one when untouched)
    let st: RemoteStat | null | undefined = file.stat;
    if (!ctx.check) {
      if (changed) {
        if (args.backup && file.exists) backupFile = await backupRemoteFile(ctx, path);
        // The written file keeps the old one's attributes (a new one: NEW_FILE_MODE and the
        // running user), so what set_fs_attributes_if_different changes is known ahead,
        // except a new file's owner and group.
        const known =
          file.stat ??
          (attrs.owner == null && attrs.group == null
            ? { perm: NEW_FILE_MODE, type: 'file' as const, uid: -1, gid: -1, pw_name: '', gr_name: '' }
            : undefined);
        const planned = known && planAttributes(path, known, attrs);
        st = await writeRemoteFile(ctx, path, after, {
          makeParent: !file.exists,
          thenRun: planned?.commands,
          statAfter: { follow: false },
        });
        if (planned) changed ||= planned.commands.length > 0;
        else if (st) {
          const a = await applyAttributes(ctx, path, st, attrs);
          if (a.changed) st = a.stat;
          changed ||= a.changed;
        }
      } else if (file.stat) {
        const a = await applyAttributes(ctx, path, file.stat, attrs);
        if (a.changed) st = a.stat;
        changed = a.changed;
      } else {
        // do_ini makes the missing file's directory even when it then writes nothing
        const parent = dirname(path);
        await run(ctx, `[ -e ${quote(parent)} ] || mkdir -p -- ${quote(parent)}`);
      }
    }
    const result: ModuleResult = { changed, diff, msg: edit.msg, path };
    if (backupFile !== undefined) result.backup_file = backupFile;
    return st ? { ...result, ...pathInfo(st) } : result;
  },
};
