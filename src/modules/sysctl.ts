/**
 * ansible.posix.sysctl (`sysctl` is routed to it): the file's entries and the live value
 * (`sysctl -e -n NAME`) in one run, the file rewritten as sysctl.py's fix_lines rewrites it,
 * then `sysctl -w` (sysctl_set) and `sysctl -p FILE` (reload) as the module runs them.
 */
import { quote } from '../connection/shell-quote.js';
import { pyStrip, pyWords } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { run } from './util/remote.js';
import { writeRemoteFile } from './util/remote-file.js';

/** sysctl.py runs sysctl with LANG=C to read its stderr. */
const LANG_C = 'LANG=C LC_ALL=C LC_MESSAGES=C';
const MARK = '__flotilla_sysctl__';
const BOOLEANS_TRUE = ['y', 'yes', 'on', '1', 'true', 't'];
const BOOLEANS_FALSE = ['n', 'no', 'off', '0', 'false', 'f'];

/** _parse_value: booleans as 1/0, other text stripped. */
function parseValue(value: string | undefined): string {
  if (value === undefined) return '';
  if (BOOLEANS_TRUE.includes(value.toLowerCase())) return '1';
  if (BOOLEANS_FALSE.includes(value.toLowerCase())) return '0';
  return pyStrip(value);
}

/** _values_is_equal: the same whitespace-separated words. */
function valuesEqual(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = pyWords(a);
  const y = pyWords(b);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

const isSkipped = (line: string) =>
  !line || line.startsWith('#') || line.startsWith(';') || !line.includes('=');

export interface SysctlPlan {
  changed: boolean;
  writeFile: boolean;
  setProc: boolean;
  /** The file's new text (write_sysctl). */
  text: string;
}

/** SysctlModule.process's decisions over the file's text and the live value (null: unreadable). */
export function sysctlPlan(
  fileText: string,
  procValue: string | null,
  p: { name: string; value: string; state: string; reload: boolean; sysctlSet: boolean },
): SysctlPlan {
  const lines = (fileText.replace(/\r\n?/g, '\n').match(/[^\n]*\n|[^\n]+$/g) ?? []).map(pyStrip);
  const values = new Map<string, string | null>();
  for (const line of lines) {
    if (isSkipped(line)) continue;
    const at = line.indexOf('=');
    values.set(pyStrip(line.slice(0, at)), pyStrip(line.slice(at + 1)));
  }
  if (!values.has(p.name)) values.set(p.name, null);
  // fix_lines: the first entry of each key kept (the token's with the new value)
  const fixed: string[] = [];
  const checked = new Set<string>();
  for (const line of lines) {
    if (isSkipped(pyStrip(line))) {
      fixed.push(line);
      continue;
    }
    const at = line.indexOf('=');
    const k = pyStrip(line.slice(0, at));
    if (checked.has(k)) continue;
    checked.add(k);
    if (k === p.name) {
      if (p.state === 'present') fixed.push(`${k}=${p.value}\n`);
    } else fixed.push(`${k}=${pyStrip(line.slice(at + 1))}\n`);
  }
  if (!checked.has(p.name) && p.state === 'present') fixed.push(`${p.name}=${p.value}\n`);
  const current = values.get(p.name) ?? null;
  let changed = false;
  let writeFile = false;
  let setProc = false;
  if (current === null && p.state === 'present') changed = writeFile = true;
  else if (current === null && p.state === 'absent') changed = false;
  else if (current && p.state === 'absent') changed = writeFile = true;
  else if (current !== p.value) changed = writeFile = true;
  else if (p.reload && (procValue === null || !valuesEqual(procValue, p.value))) changed = true;
  if (p.sysctlSet && p.state === 'present') {
    if (procValue === null) changed = true;
    else if (!valuesEqual(procValue, p.value)) changed = setProc = true;
  }
  return { changed, writeFile, setProc, text: fixed.map((l) => `${pyStrip(l)}\n`).join('') };
}

/** _stderr_failed: the errors sysctl reports with a zero status. */
const stderrFailed = (err: string) =>
  /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m.test(err);

export const sysctlModule: ModuleDefinition = {
  name: 'sysctl',
  args: {
    options: {
      name: { type: 'str', required: true, aliases: ['key'] },
      value: { type: 'str', aliases: ['val'] },
      state: { type: 'str', default: 'present', choices: ['present', 'absent'] },
      reload: { type: 'bool', default: true },
      sysctl_set: { type: 'bool', default: false },
      ignoreerrors: { type: 'bool', default: false },
      sysctl_file: { type: 'path', default: '/etc/sysctl.conf' },
    },
    requiredIf: [['state', 'present', ['value']]],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const fail = (msg: string) => ({ changed: false, failed: true, msg });
    if (args.name === '') return fail('name cannot be blank');
    if (args.state === 'present' && args.value === '') return fail('value cannot be blank');
    const name = pyStrip(args.name as string);
    const value = parseValue((args.value ?? undefined) as string | undefined);
    const file = args.sysctl_file as string;
    const read = await run(
      ctx,
      [
        `p=${quote(file)}`,
        `if [ -f "$p" ]; then base64 < "$p" | tr -d '\\n' || exit 1; fi`,
        `echo; echo ${MARK}`,
        `${LANG_C} sysctl -e -n ${pyWords(name).map(quote).join(' ')}`,
        `echo; echo "${MARK} $?"`,
      ].join('\n'),
    );
    const start = read.stdout.indexOf(`\n${MARK}\n`);
    const end = read.stdout.lastIndexOf(`\n${MARK} `);
    if (start < 0 || end < start) return fail(`Failed to open ${file}: ${read.stderr.trim()}`);
    const text = Buffer.from(read.stdout.slice(0, start), 'base64').toString('utf8');
    // the command's output as run_command returns it (our echo added the last newline)
    const procOut = read.stdout.slice(start + MARK.length + 2, end);
    const procRc = Number(read.stdout.slice(end + MARK.length + 2).trim());
    const plan = sysctlPlan(text, procRc === 0 ? procOut : null, {
      name,
      value,
      state: args.state as string,
      reload: args.reload as boolean,
      sysctlSet: args.sysctl_set as boolean,
    });
    if (!ctx.check) {
      const ignore = args.ignoreerrors ? '-e ' : '';
      if (plan.setProc) {
        // run_command's shlex split takes sysctl.py's quotes off again: one NAME=VALUE word
        const res = await run(ctx, `${LANG_C} sysctl ${ignore}-w ${quote(`${name}=${value}`)}`);
        if (res.rc !== 0 || stderrFailed(res.stderr))
          return fail(`setting ${name} failed: ${res.stdout}${res.stderr}`);
      }
      if (plan.writeFile) await writeRemoteFile(ctx, file, plan.text);
      if (plan.changed && args.reload) {
        const res = await run(ctx, `${LANG_C} sysctl ${ignore}-p ${quote(file)}`);
        if (res.rc !== 0 || stderrFailed(res.stderr))
          return fail(`Failed to reload sysctl: ${res.stdout}${res.stderr}`);
      }
    }
    return { changed: plan.changed };
  },
};
