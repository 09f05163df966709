/**
 * pip, as ansible/modules/pip.py: the host's pip runs over the open connection (no module
 * start-up in Python). main() is one shell script: the virtualenv's creation when its
 * bin/activate is missing, _get_pip's choice (executable, the virtualenv's pip3 or pip, the
 * interpreter's `-m pip.__main__`, pip3 on PATH), then check mode's `pip list --format=freeze`
 * (or `pip freeze`) or the pip command itself, with the freezes around it that requirements
 * need: one round trip, changed or not. The script reports records (git.ts' parseRecords)
 * that pipResult() turns into the module's result; name parsing and check mode's version
 * tests (pkg_resources' Requirement, packaging's specifiers: python/pep440.ts) run here.
 * editable, umask, names outside the plain `name[extras]<specs>` form (urls, paths, markers,
 * VCS), and arguments run_command would expand ($VAR, ~) go to Ansible's module (bridgeFor).
 */
import { quote } from '../connection/shell-quote.js';
import { booleanOf } from '../python/boolean.js';
import { specifiersContain } from '../python/pep440.js';
import { shlexSplit } from '../python/shlex.js';
import { parseRecords, shlexQuote } from './git.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { NativeUnsupported, run, scriptDied, splitLines } from './util/remote.js';

const isSet = (v: unknown) => v !== undefined && v !== null;
const isTrue = (v: unknown) => isSet(v) && booleanOf(typeof v === 'string' ? v.toLowerCase() : v) === true;

const STATE_MAP: Record<string, string[]> = {
  present: ['install'],
  absent: ['uninstall', '-y'],
  latest: ['install', '-U'],
  forcereinstall: ['install', '-U', '--force-reinstall'],
};

const OPS = ['>=', '<=', '>', '<', '==', '!=', '~='];

/** _recover_package_name: the names as the user meant them, version specifiers rejoined. */
export function recoverPackageNames(names: readonly string[]): string[] {
  const parts = names.flatMap((n) => n.split(','));
  const out: string[] = [];
  let current: string[] = [];
  let inBrackets = false;
  for (const part of parts) {
    const isName = !OPS.some((op) => part.trimStart().startsWith(op));
    if (isName && !inBrackets) {
      if (current.length) out.push(current.join(','));
      current = [];
    }
    if (part.includes('[')) inBrackets = true;
    if (inBrackets && part.includes(']')) inBrackets = false;
    current.push(part);
  }
  out.push(current.join(','));
  return out;
}

export interface Requirement {
  /** str(Requirement): name, sorted extras, sorted specifiers. */
  text: string;
  /** Package.package_name: the PEP 503 canonical name. */
  canonical: string;
  specs: [string, string][];
}

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const RELEASE = '\\d+(?:\\.\\d+)*';
const VERSION = `${RELEASE}(?:(?:a|b|rc)\\d+)?(?:\\.post\\d+)?(?:\\.dev\\d+)?`;
const SPEC = `(?:==|!=|<=|>=|~=|<|>)\\s*(?:${VERSION}|${RELEASE}\\.\\*)`;
const REQUIREMENT = new RegExp(
  `^\\s*(${NAME})\\s*(?:\\[\\s*(${NAME}(?:\\s*,\\s*${NAME})*)?\\s*\\])?\\s*(${SPEC}(?:\\s*,\\s*${SPEC})*)?\\s*$`,
);

/**
 * pkg_resources' Requirement.parse for the plain form flotilla handles (name, extras,
 * PEP 440 specifiers); undefined for anything else, which goes to the bridge.
 */
export function parseRequirement(text: string): Requirement | undefined {
  const m = REQUIREMENT.exec(text);
  if (!m) return undefined;
  const specs: [string, string][] = [];
  for (const s of (m[3] ?? '').split(',').filter((x) => x.trim() !== '')) {
    const sm = /^\s*(==|!=|<=|>=|~=|<|>)\s*(\S+)\s*$/.exec(s) as RegExpExecArray;
    // a ~= needs two release segments, a .* only goes with == and != (else no PEP 440 specifier)
    if (sm[1] === '~=' && !/^\d+\.\d+/.test(sm[2])) return undefined;
    if (sm[2].endsWith('.*') && sm[1] !== '==' && sm[1] !== '!=') return undefined;
    specs.push([sm[1], sm[2]]);
  }
  const extras = m[2] ? [...new Set(m[2].split(',').map((e) => e.trim()))].sort() : [];
  const specText = specs
    .map(([op, v]) => `${op}${v}`)
    .sort()
    .join(',');
  return {
    text: `${m[1]}${extras.length ? `[${extras.join(',')}]` : ''}${specText}`,
    canonical: m[1].replace(/[-_.]+/g, '-').toLowerCase(),
    specs,
  };
}

/** The list as the argument spec makes it (a string splits on commas). */
function nameList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return v.split(',');
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : String(x)));
  return undefined;
}

interface Plan {
  packages: Requirement[];
  /** The module's failure after the virtualenv and pip are found (version's conflicts). */
  lateFail?: string;
}

/** The packages of `name` with `version` applied, as main() builds them; undefined: bridge. */
function planPackages(name: string[] | undefined, version: unknown): Plan | undefined {
  if (!name || name.length === 0) return { packages: [] };
  const packages: Requirement[] = [];
  for (const n of recoverPackageNames(name)) {
    const r = parseRequirement(n);
    if (!r) return undefined;
    packages.push(r);
  }
  if (!isSet(version)) return { packages };
  if (packages.length > 1)
    return {
      packages,
      lateFail:
        "'version' argument is ambiguous when installing multiple package distributions. Please specify version restrictions next to each package in 'name' argument.",
    };
  if (packages[0].specs.length)
    return {
      packages,
      lateFail:
        "The 'version' argument conflicts with any version specifier provided along with a package name. Please keep the version specifier, but remove the 'version' argument.",
    };
  const v = String(version);
  if (v === '') return { packages };
  const trimmed = v.trimStart();
  if (trimmed === '') return undefined;
  const sep = /^\d/.test(trimmed) ? '==' : ' ';
  const r = parseRequirement(`${packages[0].text}${sep}${trimmed}`);
  return r ? { packages: [r] } : undefined;
}

/** run_command expands ~ and $VAR in each argument: such arguments go to the bridge. */
const expands = (arg: string) => arg.includes('$') || arg.startsWith('~');

/** True when the task asks for what the native form does not do. */
function needsBridge(raw: Record<string, unknown>): boolean {
  if (isTrue(raw.editable) || isSet(raw.umask)) return true;
  const names = isSet(raw.name) ? nameList(raw.name) : undefined;
  if (isSet(raw.name) && !names) return false;
  if (names?.some(expands)) return true;
  // requirements and virtualenv_python (str options) reach the argv unexpanded
  for (const key of ['requirements', 'virtualenv_python'])
    if (typeof raw[key] === 'string' && expands(raw[key] as string)) return true;
  if (names && !planPackages(names, raw.version)) return true;
  for (const key of ['extra_args', 'virtualenv_command']) {
    const v = raw[key];
    if (typeof v !== 'string') continue;
    try {
      if (shlexSplit(v).some(expands)) return true;
    } catch {
      return true;
    }
  }
  return false;
}

const SCRIPT = String.raw`
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
V() { printf '\001%s\002%s\003' "$1" "$2"; }
E() { printf '\001%s\002' "$1"; cat "$T/$2"; printf '\003'; }
FAIL() { V failed "$1"; exit 0; }
# get_bin_path: sets bp (empty when missing) and bpaths
bp() {
  bpaths=$PATH; for s in /sbin /usr/sbin /usr/local/sbin; do case ":$PATH:" in *":$s:"*) ;; *) [ -e "$s" ] && bpaths="$bpaths:$s";; esac; done
  bp=; IFS=:; for d in $bpaths; do [ -n "$d" ] && [ -x "$d/$1" ] && [ ! -d "$d/$1" ] && { bp="$d/$1"; break; }; done; unset IFS
}
# run_command: cwd ('' for none), then argv, with $Rx (exports) evaluated first; rc in $rc,
# output in $T/o and $T/e
Rx=
R() {
  _d=$1; shift
  case $1 in */*)
    if [ ! -e "$1" ]; then V errno 2; V oserr "No such file or directory: b'$1'"; for _a in "$@"; do V cmd "$_a"; done; FAIL oserror
    elif [ -d "$1" ] || [ ! -x "$1" ]; then V errno 13; V oserr "Permission denied: b'$1'"; for _a in "$@"; do V cmd "$_a"; done; FAIL oserror; fi;;
  esac
  _ad=
  if [ -n "$_d" ]; then
    case $_d in /*) _ad=$_d;; *) _ad=$PWD/$_d;; esac
    _ad=$(realpath -ms -- "$_ad")
    # ignore_invalid_cwd (run_command's default): a cwd that is no directory is not used
    [ -d "$_ad" ] || _ad=
  fi
  ( if [ -n "$_ad" ]; then cd "$_ad" || exit 1; fi; eval "$Rx"; exec "$@" ) >"$T/o" 2>"$T/e" </dev/null
  rc=$?
}
# _fail: the command as a list, the output so far
FAILCMD() { for _a in "$@"; do V cmd "$_a"; done; E out O; E err Q; FAIL cmd; }
: >"$T/O"; : >"$T/Q"
add() { cat "$T/o" >>"$T/O"; cat "$T/e" >>"$T/Q"; }

[ -n "$chdir" ] || for _t in "\${TMPDIR-}" "\${TEMP-}" "\${TMP-}" /tmp /var/tmp /usr/tmp "$PWD"; do
  [ -n "$_t" ] && [ -d "$_t" ] && [ -w "$_t" ] && { chdir=$(realpath -ms -- "$_t"); break; }
done

created=0
if [ -n "$env" ] && [ ! -e "$env/bin/activate" ]; then
  created=1
  [ "$check" = 1 ] && FAIL changed
  eval "set -- $vcmd"
  c0=$1; shift
  if [ "\${c0##*/}" = "$c0" ]; then
    bp "$c0"; [ -n "$bp" ] || { V msg "Failed to find required executable \"$c0\" in paths: $bpaths"; FAIL plain; }
    c0=$bp
  fi
  set -- "$c0" "$@"
  if [ "$site" = 1 ]; then set -- "$@" --system-site-packages
  else
    _s=$T/o; R '' "$c0" --help
    if [ "$rc" != 0 ]; then V helpcmd "$c0 --help"; E out o; E err e; FAIL help; fi
    tr -s '[:space:]' '\n' <"$T/o" | grep -qxF -e --no-site-packages && set -- "$@" --no-site-packages
  fi
  [ "$pflag" = FAIL ] && { V msg 'virtualenv_python should not be used when using the venv module or pyvenv as virtualenv_command'; FAIL plain; }
  [ -n "$pflag" ] && set -- "$@" "$pflag"
  set -- "$@" "$env"
  R "$chdir" "$@"; add
  [ "$rc" = 0 ] || FAILCMD "$@"
fi

pip=
if [ "$exeset" = 1 ]; then
  case $exe in /*) set -- "$exe"; pip=1;; esac
elif [ "$envset" = 0 ] && "$py" -c 'import importlib.util,sys; sys.exit(0 if importlib.util.find_spec("pip") else 1)' >/dev/null 2>&1; then
  set -- "$py" -m pip.__main__; pip=1
fi
if [ -z "$pip" ]; then
  if [ "$envset" = 0 ]; then
    [ "$exeset" = 1 ] || exe=pip3
    bp "$exe"
    [ -n "$bp" ] || { V msg "Unable to find any of $exe to use.  pip needs to be installed."; FAIL plain; }
    set -- "$bp"
  else
    for _b in pip3 pip; do
      _c=\${env:+$env/}bin/$_b
      [ -e "$_c" ] && [ -x "$_c" ] && { set -- "$_c"; pip=1; break; }
    done
    [ -n "$pip" ] || { V msg "Unable to find pip in the virtualenv, $env, under any of these names: pip3, pip. Make sure pip is present in the virtualenv."; FAIL plain; }
  fi
fi
for _a in "$@"; do V pip "$_a"; done
[ -n "$late" ] && { V msg "$late"; FAIL plain; }
[ "$noname" = 1 ] && FAIL noname

# _get_packages: sets pkgcmd (freeze or list) with the output in $T/o and $T/e
packages() {
  loc=C
  if command -v locale >/dev/null 2>&1 && la=$(locale -a 2>/dev/null) && [ -n "$la" ]; then
    for p in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do
      if printf '%s\n' "$la" | grep -qxF "$p"; then loc=$p; break; fi
    done
  fi
  Rx="export LANG=$loc LC_ALL=$loc LC_MESSAGES=$loc"; R "$chdir" "$@" list --format=freeze; Rx=
  pkgcmd=list
  [ "$rc" = 0 ] && return 0
  R "$chdir" "$@" freeze
  pkgcmd=freeze
  [ "$rc" = 0 ] && return 0
  : >"$T/O"; : >"$T/Q"; add; FAILCMD "$@" freeze
}

if [ "$check" = 1 ]; then
  [ "$quick" = 1 ] && FAIL changed
  packages "$@"; add
  V pkgcmd "$pkgcmd"; E out O; E err Q; V created "$created"; V done 1; exit 0
fi
pipn=$#
if [ "$freeze" = 1 ]; then packages "$@"; cp "$T/o" "$T/before"; fi
eval "set -- \"\$@\" $pargs"
[ -n "$env" ] && Rx='PATH="$env/bin\${PATH:+:$PATH}"; export PATH'
R "$chdir" "$@"; Rx=
add
prc=$rc
if [ "$rc" = 1 ] && [ "$state" = absent ] && grep -q 'not installed' "$T/o" "$T/e"; then :
elif [ "$rc" != 0 ]; then FAILCMD "$@"; fi
for _a in "$@"; do V cmd "$_a"; done
if [ "$state" = absent ]; then grep -q 'Successfully uninstalled' "$T/o" && V changed 1
elif [ "$freeze" = 0 ]; then grep -q 'Successfully installed' "$T/o" && V changed 1
else
  _i=0; for _a do _i=$((_i+1)); [ "$_i" = 1 ] && set --; [ "$_i" -le "$pipn" ] && set -- "$@" "$_a"; done
  packages "$@"; cmp -s "$T/before" "$T/o" || V changed 1
fi
V created "$created"; E out O; E err Q; V done 1
`.replaceAll('\\${', '${');

const lines = (r: ModuleResult): ModuleResult => {
  // the action plugin splits stdout and stderr into lines (_execute_module)
  if ('stdout' in r) r.stdout_lines = splitLines(String(r.stdout));
  if ('stderr' in r) r.stderr_lines = splitLines(String(r.stderr));
  return r;
};

/** _is_present: a `name==version` line of the listing names the package in a version it accepts. */
function isPresent(req: Requirement, installed: readonly string[]): boolean {
  return installed.some((line) => {
    if (!line.includes('==')) return false;
    const [name, version] = line.split('==');
    return (
      name.replace(/[-_.]+/g, '-').toLowerCase() === req.canonical && specifiersContain(req.specs, version)
    );
  });
}

export const pipModule: ModuleDefinition = {
  name: 'pip',
  bridgeFor: needsBridge,
  args: {
    options: {
      state: { type: 'str', default: 'present', choices: Object.keys(STATE_MAP) },
      name: { type: 'list', elements: 'str' },
      version: { type: 'str' },
      requirements: { type: 'str' },
      virtualenv: { type: 'path' },
      virtualenv_site_packages: { type: 'bool', default: false },
      virtualenv_command: { type: 'path', default: 'virtualenv' },
      virtualenv_python: { type: 'str' },
      extra_args: { type: 'str' },
      editable: { type: 'bool', default: false },
      chdir: { type: 'path' },
      executable: { type: 'path' },
      umask: { type: 'str' },
    },
    requiredOneOf: [['name', 'requirements']],
    mutuallyExclusive: [
      ['name', 'requirements'],
      ['executable', 'virtualenv'],
    ],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const state = String(args.state);
    const name = isSet(args.name) ? (args.name as string[]) : null;
    const version = isSet(args.version) ? String(args.version) : null;
    const requirements = isSet(args.requirements) ? String(args.requirements) : null;
    const extraArgs = isSet(args.extra_args) ? String(args.extra_args) : null;
    const chdir = isSet(args.chdir) ? String(args.chdir) : null;
    let env = isSet(args.virtualenv) ? String(args.virtualenv) : null;
    if (env && chdir) env = env.startsWith('/') ? env : `${chdir.replace(/\/*$/, '')}/${env}`;
    if (state === 'latest' && version !== null)
      return { changed: false, failed: true, msg: 'version is incompatible with state=latest' };
    const plan = planPackages(name ?? undefined, version);
    if (!plan) throw new NativeUnsupported('pip', 'a name outside the plain name[extras]<specifiers> form');
    const venvCommand = String(args.virtualenv_command);
    const venvPython = isSet(args.virtualenv_python) ? String(args.virtualenv_python) : '';
    const py = ctx.pythonInterpreter;
    let pflag = '';
    if (!['pyvenv', '-m venv'].some((ex) => venvCommand.includes(ex))) {
      if (venvPython) pflag = `-p${venvPython}`;
      else if (env && py) pflag = `-p${py}`;
      else if (env) throw new NativeUnsupported('pip', 'no known interpreter for virtualenv -p');
    } else if (venvPython) pflag = 'FAIL';
    if (!isSet(args.executable) && env === null && !py)
      throw new NativeUnsupported('pip', 'no known interpreter for -m pip');
    const hasName = !!name && name.length > 0;
    const pipArgs = [...STATE_MAP[state]];
    if (extraArgs) pipArgs.push(...shlexSplit(extraArgs));
    if (hasName) pipArgs.push(...plan.packages.map((p) => p.text));
    else if (requirements) pipArgs.push('-r', requirements);
    const words = (list: string[]) => list.map((w) => quote(w)).join(' ');
    const vars: Record<string, string> = {
      env: env ?? '',
      envset: env === null ? '0' : '1',
      chdir: chdir ?? '',
      check: ctx.check ? '1' : '0',
      state,
      exe: isSet(args.executable) ? String(args.executable) : '',
      exeset: isSet(args.executable) ? '1' : '0',
      py: py ?? '',
      vcmd: words(shlexSplit(venvCommand)),
      site: args.virtualenv_site_packages ? '1' : '0',
      pflag,
      late: plan.lateFail ?? '',
      noname: !hasName && !requirements ? '1' : '0',
      quick: extraArgs || requirements || state === 'latest' || !hasName ? '1' : '0',
      freeze: requirements ? '1' : '0',
      pargs: words(pipArgs),
    };
    const assign = Object.entries(vars)
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join('\n');
    const res = await run(ctx, `${assign}\n${SCRIPT}`);
    const records = parseRecords(res.stdout);
    const one = (key: string) => records.get(key)?.[0];
    const failed = one('failed');
    if (!failed && !records.has('done')) return scriptDied(res);
    const out = one('out') ?? '';
    const err = one('err') ?? '';
    switch (failed) {
      case 'changed':
        return { changed: true };
      case 'noname':
        return { changed: false, warnings: ['No valid name or requirements file found.'] };
      case 'plain':
        return { changed: false, failed: true, msg: one('msg') };
      case 'help':
        return {
          changed: false,
          failed: true,
          msg: `Could not get output from ${one('helpcmd')}: ${out}${err}`,
        };
      case 'oserror':
        return lines({
          changed: false,
          failed: true,
          rc: Number(one('errno')),
          stdout: '',
          stderr: '',
          msg: `[Errno ${one('errno')}] ${one('oserr')}`,
          cmd: (records.get('cmd') ?? []).map(shlexQuote).join(' '),
        });
      case 'cmd':
        return {
          changed: false,
          failed: true,
          cmd: records.get('cmd') ?? [],
          msg: `${out ? `stdout: ${out}` : ''}${err ? `\n:stderr: ${err}` : ''}`,
        };
    }
    if (ctx.check) {
      const pkgCmd = [
        ...(records.get('pip') ?? []),
        ...(one('pkgcmd') === 'list' ? ['list', '--format=freeze'] : ['freeze']),
      ];
      if (one('pkgcmd') === 'freeze' && (name?.includes('pip') || name?.includes('setuptools')))
        throw new NativeUnsupported('pip', 'pip freeze without pip list, asked about pip or setuptools');
      const installed = out
        .split('\n')
        .filter((l) => l && !l.startsWith('You are using') && !l.startsWith('You should consider'));
      const changed = plan.packages.some((p) => {
        const present = isPresent(p, installed);
        return (state === 'present' && !present) || (state === 'absent' && present);
      });
      return lines({ changed, cmd: pkgCmd.join(' '), stdout: out, stderr: err });
    }
    return lines({
      changed: one('changed') === '1' || one('created') === '1',
      cmd: records.get('cmd') ?? [],
      name,
      version,
      state,
      requirements,
      virtualenv: env,
      stdout: out,
      stderr: err,
    });
  },
};
