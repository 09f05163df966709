/**
 * What the SysV init-script modules (service's Linux backend, sysvinit) share: one shell
 * script per round trip, fed to `/bin/sh -s` on stdin (so no service name or pattern shows
 * in the script's own command line, where `ps auxww` would find it), that reports facts as
 * `@k KEY VALUE` lines and each command it runs as `@cap NAME RC STDOUT STDERR` (base64).
 */
import { quote } from '../../connection/shell-quote.js';
import type { ModuleContext } from '../types.js';
import { ModuleFailure, run } from './remote.js';

export interface Captured {
  rc: number;
  stdout: string;
  stderr: string;
}

export interface ScriptOutput {
  facts: Map<string, string>;
  caps: Map<string, Captured>;
}

/**
 * The script's helpers: `bp NAME` is get_bin_path with opt_dirs /sbin /usr/sbin /bin /usr/bin
 * (then PATH, then the sbin dirs), setting BP (empty, and false, when not found); `cap NAME
 * CMD…` runs a command with stdin from /dev/null and reports it; `lang CMD…` runs it with run_command's environ_update of the best parsable
 * locale ($L, from `locale -a` as get_best_parsable_locale picks it); `dmn CMD…` as
 * Service.execute_command's daemon does (from /, a session of its own, only the locale in its
 * environment); `det CMD…` as module_utils' daemonize (from /, its own session, the environment kept).
 * Every fork costs the host a process (10-20 ms each on a loaded VM), so the helpers fork only
 * to run a real command: no command substitution around shell functions or builtins.
 */
const PRELUDE = `t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
b64() { base64 < "$1" | tr -d '\\n'; }
fact() { printf '@k %s %s\\n' "$1" "$2"; }
cap() { n=$1; shift; "$@" >"$t/o" 2>"$t/e" </dev/null; r=$?; printf '@cap %s %s ' "$n" "$r"; b64 "$t/o"; printf ' '; b64 "$t/e"; echo; return $r; }
bx() { [ -n "$1" ] && [ -e "$1/$2" ] && [ ! -d "$1/$2" ] && [ -x "$1/$2" ] && BP=$1/$2; }
bp() { BP=; for d in /sbin /usr/sbin /bin /usr/bin; do bx "$d" "$1" && return 0; done; o=$IFS; IFS=:; for d in $PATH; do IFS=$o; bx "$d" "$1" && return 0; done; IFS=$o; bx /usr/local/sbin "$1"; }
SS=; command -v setsid >/dev/null && SS=setsid
L=\${FLT_LOCALE:-}
NL='
'
if [ -z "$L" ]; then L=C; if a=$(locale -a 2>/dev/null) && [ -n "$a" ]; then for p in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do case "$NL$a$NL" in *"$NL$p$NL"*) L=$p; break;; esac; done; fi; fi
fact locale "$L"
lang() { env LANG="$L" LC_ALL="$L" LC_MESSAGES="$L" "$@"; }
dmn() { (cd / && exec $SS env -i LANG="$L" LC_ALL="$L" LC_MESSAGES="$L" "$@"); }
det() { (cd / && exec $SS "$@"); }
`;

/** A shell word list for `cap`. */
export const words = (args: readonly string[]): string => args.map(quote).join(' ');

/** Runs the body (after the helpers) and parses its reports; locale: one reported before. */
export async function runInitScript(
  ctx: ModuleContext,
  body: string,
  locale?: string,
): Promise<ScriptOutput & { rc: number; stdout: string; stderr: string }> {
  const head = locale ? `FLT_LOCALE=${quote(locale)}\n` : '';
  // one compound command: sh reads it whole before running it, so no command eats the script
  const script = `{\n${head}${PRELUDE}${body}\ntrue\n} </dev/null\n`;
  const res = await run(ctx, '/bin/sh -s', { stdin: script });
  return { ...parseReports(res.stdout), rc: res.rc, stdout: res.stdout, stderr: res.stderr };
}

/**
 * The first round trip of the service modules: runInitScript, a run that did not finish
 * (no locale reported) failing as Ansible's MODULE FAILURE, and `bin(name)` for the binaries
 * get_bin_path found.
 */
export async function probeHost(
  ctx: ModuleContext,
  body: string,
): Promise<ScriptOutput & { bin: (name: string) => string | undefined }> {
  const out = await runInitScript(ctx, body);
  if (out.rc !== 0 || !out.facts.has('locale'))
    throw new ModuleFailure('MODULE FAILURE\nSee stdout/stderr for the exact error', {
      module_stderr: out.stderr,
      rc: out.rc,
    });
  return { facts: out.facts, caps: out.caps, bin: (name) => out.facts.get(`bin.${name}`) || undefined };
}

const fromB64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');

/** The `@k` and `@cap` lines of the script's output. */
export function parseReports(stdout: string): ScriptOutput {
  const facts = new Map<string, string>();
  const caps = new Map<string, Captured>();
  for (const line of stdout.split('\n')) {
    if (line.startsWith('@k ')) {
      const rest = line.slice(3);
      const at = rest.indexOf(' ');
      facts.set(at < 0 ? rest : rest.slice(0, at), at < 0 ? '' : rest.slice(at + 1));
    } else if (line.startsWith('@cap ')) {
      const [, name, rc, out, err] = line.split(' ');
      caps.set(name, { rc: Number(rc), stdout: fromB64(out), stderr: fromB64(err) });
    }
  }
  return { facts, caps };
}

/** `@k bin.NAME PATH` for each binary get_bin_path finds. */
export function binFacts(names: readonly string[]): string {
  return names.map((b) => `bp ${quote(b)}; fact bin.${b} "$BP"`).join('\n');
}

/** The `S??NAME` (and `K??NAME`) links glob.glob finds, counted: `@k NAME.count N`. */
export function countGlob(fact: string, dirGlob: string, name: string): string {
  return `c=0; for f in ${dirGlob}${quote(name)}; do { [ -e "$f" ] || [ -L "$f" ]; } && c=$((c+1)); done; fact ${fact} $c`;
}
