/**
 * command, shell and raw. command quotes its argv (no shell features); shell runs the
 * text under `/bin/sh -c` (or `executable`); raw sends the text untouched.
 * Result keys and messages follow ansible/modules/command.py.
 */
import { quote, quoteArgs } from '../connection/shell-quote.js';
import { shlexSplit } from '../python/shlex.js';
import type { ArgSpec } from './args.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './types.js';
import { expandedArgvScript, expandedPathScript, needsExpansion } from './util/expand-args.js';
import { preciseNow, pythonDelta, pythonTimestamp, run, runOnTty, splitLines } from './util/remote.js';

const CHDIR_FAILED = '__flotilla_chdir_failed__';

const commandSpec: ArgSpec = {
  options: {
    _raw_params: { type: 'str' },
    cmd: { type: 'str' },
    argv: { type: 'list', elements: 'str' },
    chdir: { type: 'path' },
    executable: { type: 'str' },
    creates: { type: 'path' },
    removes: { type: 'path' },
    stdin: { type: 'str' },
    stdin_add_newline: { type: 'bool', default: true },
    strip_empty_ends: { type: 'bool', default: true },
  },
};

/**
 * Whether the glob matches something on the host (IFS empty: no word splitting), and the
 * pattern as the module saw it: a `type='path'` option is expanded (~, $VAR) on the host.
 */
/**
 * glob.glob(pattern) on the host, after `cd` (chdir's script, or ''): relative patterns are
 * relative to chdir, as command.py changes into it first. `chdirFailed` names the directory
 * when that change failed.
 */
async function globMatches(
  ctx: ModuleContext,
  pattern: string,
  cd: string,
): Promise<{ matched: boolean; path: string; chdirFailed?: string }> {
  const expand = needsExpansion(pattern);
  const script = `${cd}${expand ? `${expandedPathScript(pattern, 'p')}printf '%s' "$p"; ` : `p=${quote(pattern)}; `}IFS=; for f in $p; do if [ -e "$f" ] || [ -L "$f" ]; then exit 0; fi; done; exit 1`;
  const res = await run(ctx, script);
  const chdirFailed = cd && res.rc === 1 ? afterMarker(res.stderr, CHDIR_FAILED) : undefined;
  return { matched: res.rc === 0, path: expand ? res.stdout : pattern, chdirFailed };
}

/** Shell text that changes into chdir as command.py's os.chdir does, or fails with its marker. */
function chdirScript(chdir: string | undefined): string {
  if (!chdir) return '';
  // chdir is a `type='path'` option: expanded on the host; the failure names the result.
  const dir = needsExpansion(chdir) ? `${expandedPathScript(chdir, '__flt_d')}` : `__flt_d=${quote(chdir)}; `;
  // os.chdir: the physical directory (a shell then sets PWD to it, not to a symlinked path)
  return `${dir}cd -P "$__flt_d" 2>/dev/null || { printf '%s%s\\n' ${CHDIR_FAILED} "$__flt_d" >&2; exit 1; }; unset __flt_d; `;
}

async function runCommandLike(
  args: Record<string, unknown>,
  ctx: ModuleContext,
  shell: boolean,
): Promise<ModuleResult> {
  const text = (args.cmd as string | undefined) ?? (args._raw_params as string | undefined);
  const argv = args.argv as string[] | undefined;
  const r: ModuleResult = {
    changed: false,
    stdout: '',
    stderr: '',
    rc: null,
    cmd: null,
    start: null,
    end: null,
    delta: null,
    msg: '',
  };
  // command.py warns before anything else, and runs the command without it
  if (!shell && args.executable)
    r.warnings = [
      `As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${args.executable}'.`,
    ];
  if ((!text || text.trim() === '') && !argv?.length)
    return { ...r, rc: 256, failed: true, msg: 'no command given' };
  if (text && argv?.length)
    return { ...r, rc: 256, failed: true, msg: 'only command or argv can be given, not both' };
  const words =
    text !== undefined && text.trim() !== ''
      ? shell
        ? undefined
        : shlexSplit(text, { anyWhitespace: true })
      : argv;
  r.cmd = shell ? (text ?? quoteArgs(argv ?? [])) : words;

  // command.py changes into chdir before anything else: its failure comes first, and the
  // creates/removes globs are relative to it (checked in the same round trip)
  const cd = chdirScript(args.chdir as string | undefined);
  const chdirFailure = (dir: string) =>
    withLines({
      ...r,
      changed: false,
      failed: true,
      msg: `Unable to change directory before execution: [Errno 2] No such file or directory: b'${dir.replace(/\n$/, '')}'`,
    });
  const should = ctx.check ? 'Would' : 'Did';
  const creates = args.creates as string | undefined;
  const removes = args.removes as string | undefined;
  const created = creates ? await globMatches(ctx, creates, cd) : undefined;
  if (created?.chdirFailed !== undefined) return chdirFailure(created.chdirFailed);
  if (created?.matched) {
    return withLines({
      ...r,
      rc: 0,
      msg: `${should} not run command since '${created.path}' exists`,
      stdout: `skipped, since ${created.path} exists`,
    });
  }
  const removed = removes ? await globMatches(ctx, removes, cd) : undefined;
  if (removed?.chdirFailed !== undefined) return chdirFailure(removed.chdirFailed);
  if (removed && !removed.matched) {
    return withLines({
      ...r,
      rc: 0,
      msg: `${should} not run command since '${removed.path}' does not exist`,
      stdout: `skipped, since ${removed.path} does not exist`,
    });
  }
  r.changed = true;
  if (ctx.check) {
    if (cd && !created && !removed) {
      const res = await run(ctx, `${cd}exit 0`);
      const failed = res.rc === 1 ? afterMarker(res.stderr, CHDIR_FAILED) : undefined;
      if (failed !== undefined) return chdirFailure(failed);
    }
    r.rc = 0;
    r.msg = 'Command would have run if not in check mode';
    if (creates === undefined && removes === undefined) {
      r.skipped = true;
      r.changed = false;
    }
    return withLines(r);
  }

  let body: string;
  const executable = args.executable as string | undefined;
  if (shell && executable)
    // run_command runs [executable, '-c', text]: Popen fails on a missing executable
    body = `set -- ${quoteArgs([executable, '-c', text ?? quoteArgs(argv ?? [])])}; ${execCheck('"$1"')}exec "$@"`;
  else if (shell)
    body = `${quote(ctx.shellExecutable ?? '/bin/sh')} -c ${quote(text ?? quoteArgs(argv ?? []))}`;
  else if ((words ?? []).some(needsExpansion))
    // run_command expands ~ and $VAR in every argument, on the host (expand-args.ts).
    body = `${expandedArgvScript(words ?? [])}${execCheck('"$1"')}exec "$@"`;
  else body = `set -- ${quoteArgs(words ?? [])}; ${execCheck('"$1"')}exec "$@"`;
  body = cd + body;
  let stdin = args.stdin as string | undefined;
  if (stdin !== undefined && args.stdin_add_newline) stdin += '\n';

  const started = preciseNow();
  const res = await run(ctx, body, { stdin });
  const ended = preciseNow();
  const chdirFailed = cd && res.rc === 1 ? afterMarker(res.stderr, CHDIR_FAILED) : undefined;
  if (chdirFailed !== undefined) return chdirFailure(chdirFailed);
  const missing = (!shell || executable) && res.rc === 1 ? afterMarker(res.stderr, EXEC_MISSING) : undefined;
  if (missing !== undefined) {
    // Python's Popen raised ENOENT: the command module fails without running anything; its
    // text names the arguments as run_command had them (expanded).
    const ran = missing.split('\0').slice(0, -1);
    const { start: _s, end: _e, delta: _d, ...rest } = r;
    return withLines({
      ...rest,
      changed: false,
      failed: true,
      rc: 2,
      cmd: quoteArgs(ran),
      msg: `[Errno 2] No such file or directory: b'${ran[0] ?? ''}'`,
    });
  }
  Object.assign(r, {
    rc: res.rc,
    stdout: args.strip_empty_ends ? res.stdout.replace(/[\r\n]+$/, '') : res.stdout,
    stderr: args.strip_empty_ends ? res.stderr.replace(/[\r\n]+$/, '') : res.stderr,
    start: pythonTimestamp(started),
    end: pythonTimestamp(ended),
    delta: pythonDelta(ended - started),
  });
  if (res.rc !== 0) {
    r.failed = true;
    r.msg = res.signal ? `non-zero return code (killed by ${res.signal})` : 'non-zero return code';
  }
  return withLines(r);
}

const EXEC_MISSING = 'FLOTILLA-EXEC-ENOENT';

/**
 * Shell that reports a program that does not exist (a path, or a name not on PATH), with
 * the arguments after the marker, each ended by NUL. `program` is shell text (quoted word).
 */
function execCheck(program: string): string {
  const found = `case ${program} in */*) [ -e ${program} ] ;; *) command -v -- ${program} >/dev/null 2>&1 ;; esac`;
  return `${found} || { printf '%s' ${EXEC_MISSING} >&2; printf '%s\\0' "$@" >&2; exit 1; }; `;
}

/** The text after `marker` in stderr, or undefined when the marker is not there. */
function afterMarker(stderr: string, marker: string): string | undefined {
  const at = stderr.indexOf(marker);
  return at < 0 ? undefined : stderr.slice(at + marker.length);
}

/** The action plugin adds stdout_lines / stderr_lines to every command result. */
function withLines(r: ModuleResult): ModuleResult {
  r.stdout_lines = splitLines(String(r.stdout ?? ''));
  r.stderr_lines = splitLines(String(r.stderr ?? ''));
  return r;
}

export const commandModule: ModuleDefinition = {
  name: 'command',
  expandsPaths: true,
  args: commandSpec,
  run: (args, ctx) => runCommandLike(args, ctx, false),
};

export const shellModule: ModuleDefinition = {
  name: 'shell',
  expandsPaths: true,
  args: commandSpec,
  run: (args, ctx) => runCommandLike(args, ctx, true),
};

export const rawModule: ModuleDefinition = {
  name: 'raw',
  args: { options: { _raw_params: { type: 'str', required: true }, executable: { type: 'path' } } },
  async run(args, ctx) {
    // raw in check mode: skipped, with no message (action/raw.py)
    if (ctx.check) return { changed: false, skipped: true };
    const text = args._raw_params as string;
    const exe = args.executable as string | undefined;
    const command = exe ? `${quote(exe)} -c ${quote(text)}` : text;
    const res = await runOnTty(ctx, command);
    const r: ModuleResult = { changed: true, rc: res.rc, stdout: res.stdout, stderr: res.stderr };
    if (res.rc !== 0) {
      r.failed = true;
      r.msg = 'non-zero return code';
    }
    return withLines(r);
  },
};
