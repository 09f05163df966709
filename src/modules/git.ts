/**
 * git, as ansible/modules/git.py: the git binary runs on the host over the open connection.
 * main() and the helpers it calls (clone, fetch, switch_version, get_remote_head, the
 * submodule checks, get_diff) are one shell script that runs the same git commands in the
 * same order, so a run is one round trip whether it changes anything or not. The script
 * reports its results as records (\001key\002value\003) that gitResult() turns into the
 * module's result. gpg verification (verify_commit, gpg_whitelist), archive and
 * separate_git_dir go to Ansible's module through the bridge (bridgeFor).
 */
import { quote } from '../connection/shell-quote.js';
import { booleanOf } from '../python/boolean.js';
import { pyRepr } from '../python/repr.js';
import { pyRstrip } from '../python/whitespace.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { BIN_MISSING, binPathScript } from './util/bin-path.js';
import { NativeUnsupported, run, scriptDied, splitLines } from './util/remote.js';

const isSet = (v: unknown) => v !== undefined && v !== null;
const isTrue = (v: unknown) => isSet(v) && booleanOf(typeof v === 'string' ? v.toLowerCase() : v) === true;
const nonEmpty = (v: unknown) => isSet(v) && !(Array.isArray(v) && v.length === 0) && v !== '';

/** Options the native form leaves to Ansible's module (bridgeFor). */
const NOT_NATIVE: [string, (v: unknown) => boolean][] = [
  ['verify_commit', isTrue],
  ['gpg_whitelist', nonEmpty],
  ['archive', isSet],
  ['archive_prefix', isSet],
  ['separate_git_dir', isSet],
];

/** Exit status of the script when the host's git is older than the native form assumes. */
const OLD_GIT = 90;

/** The records of the script's output: each key with its values, in order. */
export function parseRecords(out: string): Map<string, string[]> {
  const records = new Map<string, string[]>();
  for (const m of out.matchAll(/\x01([^\x02]*)\x02([^\x03]*)\x03/g)) {
    const list = records.get(m[1]) ?? [];
    list.push(m[2]);
    records.set(m[1], list);
  }
  return records;
}

/** Python's int(text, 8) accepts this (signs, 0o, underscores between digits, spaces). */
const OCTAL = /^\s*[+-]?(0[oO]_?)?[0-7](_?[0-7])*\s*$/;

const SCRIPT = String.raw`
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
V() { printf '\001%s\002%s\003' "$1" "$2"; }
E() { printf '\001%s\002' "$1"; cat "$T/$2"; printf '\003'; }
W() { V warning "$1"; }
FAIL() { V failed "$1"; exit 0; }
# run_command: cwd (ignored unless a directory), argv; rc in $rc, output in $T/o and $T/e
R() {
  _d=$1; shift
  if [ -n "$_d" ] && [ -d "$_d" ]; then (cd "$_d" && exec "$@") >"$T/o" 2>"$T/e" </dev/null
  else "$@" >"$T/o" 2>"$T/e" </dev/null; fi
  rc=$?
}
# run_command(check_rc=True): a failure is the module's result, cmd as a list
RC() {
  R "$@"; [ "$rc" = 0 ] && return 0
  shift; for _a in "$@"; do V cmd "$_a"; done
  V rc "$rc"; E stdout o; E stderr e; FAIL checkrc
}
# fail_json(msg, stdout, stderr, rc) of the last command run
FAILRUN() { V msg "$1"; V rc "$rc"; E stdout o; E stderr e; [ -n "\${2-}" ] && V cmdstr "$2"; FAIL plain; }
# the last command's stdout and stderr, exactly (trailing newlines kept)
outs() { _o=$(cat "$T/o"; echo .); _o=\${_o%.}; _e=$(cat "$T/e"; echo .); _e=\${_e%.}; }
has() { case $1 in *"$2"*) return 0;; esac; return 1; }

gv=$("$G" --version 2>/dev/null) || exit ${OLD_GIT}
gv=\${gv#git version }
case $gv in [3-9].*|2.[3-9]*|2.[1-9][0-9]*) ;; *) exit ${OLD_GIT};; esac

if [ "$accept_hostkey" = 1 ]; then
  if [ "$so_set" = 1 ]; then
    has "$so" "-o StrictHostKeyChecking=no" || has "$so" "-o StrictHostKeyChecking=accept-new" || so="$so -o StrictHostKeyChecking=no"
  else so="-o StrictHostKeyChecking=no"; so_set=1; fi
fi
if [ "$accept_newhostkey" = 1 ]; then
  ssh=$(command -v ssh) || { V msg 'Remote host is missing ssh command, so you cannot use acceptnewhostkey option.'; FAIL plain; }
  if ! "$ssh" -o StrictHostKeyChecking=accept-new -V >/dev/null 2>&1; then
    W "Your ssh client does not support accept_newhostkey option, therefore it cannot be used."
  elif [ "$so_set" = 1 ]; then
    has "$so" "-o StrictHostKeyChecking=no" || has "$so" "-o StrictHostKeyChecking=accept-new" || so="$so -o StrictHostKeyChecking=accept-new"
  else so="-o StrictHostKeyChecking=accept-new"; so_set=1; fi
fi
[ -n "$umask" ] && umask "$umask"
case $repo0 in "~"|"~/"*) erepo="$HOME\${repo0#"~"}";; *) erepo=$repo0;; esac
repo=$repo0
case $erepo in /*) repo="file://$erepo";; esac

loc=C
if la=$(locale -a 2>/dev/null) && [ -n "$la" ]; then
  for p in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do
    if printf '%s\n' "$la" | grep -qxF "$p"; then loc=$p; break; fi
  done
fi
export LANG=$loc LC_ALL=$loc LC_MESSAGES=$loc LC_CTYPE=$loc

# get_repo_path: sets rp, or fails as the module does
repo_path() {
  if [ "$bare" = 1 ]; then rp=$dest; else rp=$dest/.git; fi
  if [ -f "$rp" ]; then
    _data=$(cat "$rp"); _data=$(printf '%s' "$_data" | sed -e :a -e '$!N;s/[[:space:]]*$//;ta')
    case $_data in
      "gitdir: "*) _gd=\${_data#"gitdir: "} ;;
      *"gitdir: "*) V msg 'Current repo does not have a valid reference to a separate Git dir or it refers to the invalid path'; V details '.git file has invalid git dir reference format'; FAIL plain ;;
      *) V msg 'Current repo does not have a valid reference to a separate Git dir or it refers to the invalid path'; V details 'not enough values to unpack (expected 2, got 1)'; FAIL plain ;;
    esac
    case $_gd in /*) rp=$_gd ;; *) rp=$dest/$_gd ;; esac
    [ -d "$rp" ] || { V msg 'Current repo does not have a valid reference to a separate Git dir or it refers to the invalid path'; V details "$rp is not a directory"; FAIL plain; }
  fi
}
if [ -n "$dest" ]; then repo_path; fi

# set_git_ssh_env
if [ "$so_set" = 1 ]; then so="\${GIT_SSH_OPTS-} $so"; else so=\${GIT_SSH_OPTS-}; fi
[ "$accept_hostkey" = 1 ] && ! has "$so" "StrictHostKeyChecking=no" && so="$so -o StrictHostKeyChecking=no"
has "$so" "BatchMode=yes" || so="$so -o BatchMode=yes"
if [ -n "$key_file" ]; then
  has "$so" "-i $key_file" || so="$so  -i $key_file"
  has "$so" "IdentitiesOnly=yes" || so="$so -o IdentitiesOnly=yes"
fi
full=\${GIT_SSH-\${GIT_SSH_COMMAND-ssh}}
[ -n "$so" ] && full="$full $so"
export GIT_SSH_COMMAND="$full"

get_version() { R "$dest" "$G" rev-parse HEAD; sha=$(cat "$T/o"); }
is_remote_branch() { RC "$dest" "$G" ls-remote "$1" -h "refs/heads/$2"; has "$(cat "$T/o")" "$2"; }
is_remote_tag() { RC "$dest" "$G" ls-remote "$1" -t "refs/tags/$2"; has "$(cat "$T/o")" "$2"; }
branches() {
  R "$dest" "$G" branch --no-color -a
  if [ "$rc" != 0 ]; then outs; V msg "Could not determine branch data - received $_o"; E stdout o; E stderr e; FAIL plain; fi
  br=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$T/o")
}
is_local_branch() { branches; printf '%s\n' "$br" | grep -qxF -e "$1" -e "* $1"; }
is_not_a_branch() {
  branches
  printf '%s\n' "$br" | grep '^\* ' | grep -qF -e 'no branch' -e 'detached from' -e 'detached at'
}
# head_splitter: hs is the branch named in file $1 (None when it is missing or empty)
head_splitter() {
  hs=None; [ -e "$1" ] || return 0
  [ -s "$1" ] || return 0
  _l=; IFS= read -r _l <"$1"
  case $_l in *"refs/remotes/$2"*) _l="\${_l%%"refs/remotes/$2"*}\${_l#*"refs/remotes/$2"}" ;; esac
  _l=\${_l##* }
  case $_l in */*) _l=\${_l#*/}; case $_l in */*) _l=\${_l#*/} ;; esac ;; esac
  hs=$_l
}
# get_head_branch: $1 the remote, $2 bare (its callers other than get_remote_head leave it out)
get_head_branch() {
  _sb=$bare; bare=$2; repo_path; bare=$_sb
  _hf=$rp/HEAD
  if is_not_a_branch; then _hf=$rp/refs/remotes/$1/HEAD; fi
  head_splitter "$_hf" "$1"; hb=$hs
}
# get_remote_head: $1 the remote; sets rh
get_remote_head() {
  _cwd=$dest; _tag=0
  if [ "$1" = "$repo0" ] || [ "$1" = "file://$erepo" ]; then _cl=1; _cwd=; else _cl=0; fi
  if [ "$version" = HEAD ]; then
    if [ "$_cl" = 1 ]; then set -- "$G" ls-remote "$1" -h HEAD
    else get_head_branch "$remote" "$bare"; set -- "$G" ls-remote "$1" -h "refs/heads/$hb"; fi
  elif is_remote_branch "$1" "$version"; then set -- "$G" ls-remote "$1" -h "refs/heads/$version"
  elif is_remote_tag "$1" "$version"; then _tag=1; set -- "$G" ls-remote "$1" -t "refs/tags/$version*"
  else rh=$version; return 0; fi
  RC "$_cwd" "$@"
  if [ ! -s "$T/o" ]; then V msg "Could not determine remote revision for $version"; V rc "$rc"; E stdout o; E stderr e; FAIL plain; fi
  _out=$(cat "$T/o"; echo .); _out=\${_out%.}
  if [ "$_tag" = 1 ]; then
    _pick=$_out
    while IFS= read -r _t || [ -n "$_t" ]; do
      case $_t in *"$version^{}") _pick=$_t; break ;; *"$version") _pick=$_t ;; esac
    done <"$T/o"
    _out=$_pick
  fi
  rh=\${_out%%[[:space:]]*}
}
unfrack() { realpath -m -- "$1" 2>/dev/null || printf '%s' "$1"; }
get_remote_url() { R "$dest" "$G" ls-remote --get-url "$remote"; ru_ok=$rc; ru=$(cat "$T/o"); }
set_remote_url() {
  get_remote_url; ruc=False
  if [ "$ru_ok" = 0 ]; then
    [ "$ru" = "$repo" ] && return 0
    [ "$(unfrack "$ru")" = "$(unfrack "$repo")" ] && return 0
  fi
  R "$dest" "$G" remote set-url "$remote" "$repo"
  [ "$rc" = 0 ] || { outs; V msg "Failed to set a new url $repo for $remote: $_o $_e"; FAIL plain; }
  [ "$ru_ok" = 0 ] && ruc=True
  return 0
}
# fetch: $1 the version
fetch() {
  _v=$1; _rs=$2
  set_remote_url
  set --; _dp=0
  if [ -n "$depth" ]; then
    get_head_branch "$remote" 0
    if [ -n "$_rs" ]; then set -- "$_rs"
    elif [ "$_v" = HEAD ]; then set -- "$hb"
    elif is_remote_branch "$repo" "$_v"; then
      [ "$hb" != "$_v" ] && set -- "+refs/heads/$_v:refs/heads/$_v"
      set -- "$@" "+refs/heads/$_v:refs/remotes/$remote/$_v"
    elif is_remote_tag "$repo" "$_v"; then set -- "+refs/tags/$_v:refs/tags/$_v"; fi
    [ $# -gt 0 ] && _dp=1
  fi
  _tags=
  if [ "$_dp" = 0 ]; then
    if [ "$bare" = 1 ]; then set -- '+refs/heads/*:refs/heads/*' '+refs/tags/*:refs/tags/*'
    else _tags=--tags; set --; fi
    [ -n "$_rs" ] && set -- "$@" "$_rs"
  fi
  set -- "$remote" "$@"
  [ "$force" = 1 ] && set -- --force "$@"
  [ -n "$_tags" ] && set -- --tags "$@"
  [ "$_dp" = 1 ] && set -- --depth "$depth" "$@"
  R "$dest" "$G" fetch "$@"
  if [ "$rc" != 0 ]; then
    outs; V msg "Failed to download remote objects and refs: $_o $_e"
    V cmd "$G"; V cmd fetch; for _a in "$@"; do V cmd "$_a"; done; FAIL plain
  fi
}
# get_diff: $1 before (absent: None), $2 after
get_diff() {
  [ "$diff" = 1 ] || return 0
  if [ "$1" = None ]; then V diff ">> Newly checked out $2"; return 0; fi
  [ "$1" = "$2" ] && return 0
  fetch "$2" ''
  R "$dest" "$G" diff "$1" "$2"
  if [ "$rc" = 0 ] && [ -s "$T/o" ]; then E diff o
  elif [ "$rc" = 0 ]; then V diff ">> No visual differences between $1 and $2"
  elif [ -s "$T/e" ]; then printf '\001diff\002>> Failed to get proper diff between %s and %s:\n>> ' "$1" "$2"; cat "$T/e"; printf '\003'
  else V diff ">> Failed to get proper diff between $1 and $2"; fi
}
submodule_versions() {
  R "$dest" "$G" submodule foreach "$G" rev-parse "$1"
  [ "$rc" = 0 ] || { V msg 'Unable to determine hashes of submodules'; V rc "$rc"; E stdout o; E stderr e; FAIL plain; }
  sv=$(cat "$T/o")
}
submodules_fetch() {
  smc=0
  [ -e "$dest/.gitmodules" ] || return 0
  while IFS= read -r _l || [ -n "$_l" ]; do
    _s=$(printf '%s' "$_l" | sed 's/^[[:space:]]*//')
    case $_s in path*)
      _p=$(printf '%s' "\${_l#*=}" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
      [ -e "$dest/$_p/.git" ] || { smc=1; break; } ;;
    esac
  done <"$dest/.gitmodules"
  [ "$smc" = 1 ] && return 0
  submodule_versions HEAD; _begin=$sv
  RC "$dest" "$G" submodule foreach "$G" fetch
  if [ "$track_submodules" = 1 ]; then
    submodule_versions "$remote/master"; [ "$_begin" = "$sv" ] || smc=1
  else
    RC "$dest" "$G" submodule status
    grep -q '^[^ ]' "$T/o" && smc=1
  fi
  return 0
}
submodule_update() {
  R "$dest" "$G" submodule update --help
  _sr=0
  if grep -F 'git submodule [--quiet] update ' "$T/e" | tr '[]|' '   ' | grep -qE '(^| )--remote( |$)'; then _sr=1; fi
  [ -e "$dest/.gitmodules" ] || return 0
  RC "$dest" "$G" submodule sync
  set -- "$G" submodule update --init --recursive
  [ "$_sr" = 1 ] && [ "$track_submodules" = 1 ] && set -- "$@" --remote
  [ "$force" = 1 ] && set -- "$@" --force
  R "$dest" "$@"
  [ "$rc" = 0 ] || { outs; V msg "Failed to init/update submodules: $_o$_e"; FAIL plain; }
}
switch_version() {
  if [ "$version" = HEAD ]; then
    get_head_branch "$remote" 0; _b=$hb
    R "$dest" "$G" checkout --force "$_b"
    [ "$rc" = 0 ] || FAILRUN "Failed to checkout branch $_b"
    set -- "$G" reset --hard "$remote/$_b" --
  elif is_remote_branch "$remote" "$version"; then
    if [ -n "$depth" ] && ! is_local_branch "$version"; then
      R "$dest" "$G" fetch "--depth=$depth" "$remote" "+refs/heads/$version:refs/heads/$version" "+refs/heads/$version:refs/remotes/$remote/$version"
      [ "$rc" = 0 ] || FAILRUN "Failed to fetch branch from remote: $version"
    fi
    if ! is_local_branch "$version"; then set -- "$G" checkout --track -b "$version" "$remote/$version"
    else
      R "$dest" "$G" checkout --force "$version"
      [ "$rc" = 0 ] || FAILRUN "Failed to checkout branch $version"
      set -- "$G" reset --hard "$remote/$version"
    fi
  else set -- "$G" checkout --force "$version"; fi
  R "$dest" "$@"
  if [ "$rc" != 0 ]; then
    if [ "$version" != HEAD ]; then FAILRUN "Failed to checkout $version" "$*"; else FAILRUN "Failed to checkout branch $_b" "$*"; fi
  fi
}
clone() {
  mkdir -p "$(dirname "$dest")" 2>/dev/null
  if [ "$bare" = 1 ]; then set -- --bare; else set -- --origin "$remote"; fi
  _bt=0
  if is_remote_branch "$repo" "$version" || is_remote_tag "$repo" "$version"; then _bt=1; fi
  if [ -n "$depth" ]; then
    if [ "$version" = HEAD ] || [ -n "$refspec" ]; then set -- "$@" --depth "$depth"
    elif [ "$_bt" = 1 ]; then set -- "$@" --depth "$depth" --branch "$version"
    else W "Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags or in combination with refspec."; fi
  fi
  [ -n "$reference" ] && set -- "$@" --reference "$reference"
  if [ "$single_branch" = 1 ]; then
    set -- "$@" --single-branch
    [ "$_bt" = 1 ] && set -- "$@" --branch "$version"
  fi
  RC "$(dirname "$dest")" "$G" clone "$@" "$repo" "$dest"
  [ "$bare" = 1 ] && [ "$remote" != origin ] && RC "$dest" "$G" remote add "$remote" "$repo"
  if [ -n "$refspec" ]; then
    set --; [ -n "$depth" ] && set -- --depth "$depth"
    RC "$dest" "$G" fetch "$@" "$remote" "$refspec"
  fi
  return 0
}

if { [ -n "$dest" ] && [ ! -e "$rp/config" ]; } || { [ -z "$dest" ] && [ "$allow_clone" = 0 ]; }; then
  if [ "$check" = 1 ] || [ "$allow_clone" = 0 ]; then
    get_remote_head "$repo"
    V changed True; V after "$rh"; get_diff None "$rh"; V done 1; exit 0
  fi
  clone
  before=None
elif [ "$update" = 0 ]; then
  get_version; V before "$sha"; V after "$sha"; V done 1; exit 0
else
  local_mods=0
  if [ "$bare" = 0 ]; then
    R "$dest" "$G" status --porcelain
    grep -qv '^??' "$T/o" && local_mods=1
  fi
  get_version; before=$sha; V before "$before"
  if [ "$local_mods" = 1 ]; then
    [ "$force" = 1 ] || { V msg "Local modifications exist in the destination: $dest (force=no)."; FAIL result; }
    if [ "$check" = 0 ]; then
      RC "$dest" "$G" reset --hard HEAD
      V changed True; V msg "Local modifications exist in the destination: $dest"
    fi
  fi
  if [ "$check" = 1 ]; then
    get_remote_url
    if [ "$ru_ok" != 0 ]; then ruc=None
    elif [ -z "$ru" ]; then ruc=empty
    elif [ "$ru" != "$repo" ] && [ "$(unfrack "$ru")" != "$(unfrack "$repo")" ]; then ruc=True
    else ruc=False; fi
  else
    set_remote_url
  fi
  V remote_url_changed "$ruc"; rucm=$ruc
  if [ "$check" = 1 ]; then
    get_remote_head "$remote"
    if [ "$before" != "$rh" ] || [ "$ruc" = True ]; then V changed True; else V changed False; fi
    V after "$rh"; get_diff "$before" "$rh"; V done 1; exit 0
  fi
  fetch "$version" "$refspec"
fi
[ "$bare" = 1 ] || switch_version
smc=0
if [ "$recursive" = 1 ] && [ "$bare" = 0 ]; then
  submodules_fetch
  if [ "$smc" = 1 ]; then V submodules_changed True; submodule_update; fi
fi
get_version; after=$sha; V after "$after"
if [ "$before" != "$after" ] || [ "$local_mods" = 1 ] || [ "$smc" = 1 ] || [ "\${rucm-False}" = True ]; then
  V changed True; get_diff "$before" "$after"
fi
V done 1
`.replaceAll('\\${', '${');

const bit = (v: unknown) => (v ? '1' : '0');

/** The module's result from the script's records. */
export function gitResult(records: Map<string, string[]>): ModuleResult {
  const one = (key: string) => records.get(key)?.[0];
  const warnings = records.get('warning') ?? [];
  const withLines = (r: ModuleResult) => {
    // the action plugin splits stdout/stderr into lines (_execute_module)
    if ('stdout' in r) r.stdout_lines = splitLines(String(r.stdout));
    if ('stderr' in r) r.stderr_lines = splitLines(String(r.stderr));
    if (warnings.length) r.warnings = warnings;
    return r;
  };
  const failed = one('failed');
  if (failed === 'checkrc') {
    const stderr = one('stderr') ?? '';
    return withLines({
      changed: false,
      failed: true,
      // run_command's _clean_args: the argv shell-quoted and joined
      cmd: (records.get('cmd') ?? []).map(shlexQuote).join(' '),
      rc: Number(one('rc')),
      stdout: one('stdout') ?? '',
      stderr,
      msg: pyRstrip(stderr),
    });
  }
  const msg = one('msg');
  if (failed === 'plain') {
    const r: ModuleResult = { changed: false, failed: true, msg };
    if (records.has('details')) r.details = one('details');
    if (records.has('rc')) r.rc = Number(one('rc'));
    if (records.has('stdout')) r.stdout = one('stdout');
    if (records.has('stderr')) r.stderr = one('stderr');
    if (records.has('cmdstr')) r.cmd = one('cmdstr');
    if (records.has('cmd')) r.cmd = records.get('cmd');
    return withLines(r);
  }
  const before = one('before');
  // an empty warnings list is not in the task's result (the controller drops it)
  const result: ModuleResult = {
    changed: one('changed') === 'True',
    ...(warnings.length ? { warnings } : {}),
    before: before === undefined || before === 'None' ? null : before,
  };
  if (failed === 'result') return { ...result, failed: true, msg };
  if (msg !== undefined) result.msg = msg;
  const ruc = one('remote_url_changed');
  if (ruc !== undefined)
    result.remote_url_changed = ruc === 'True' ? true : ruc === 'False' ? false : ruc === 'None' ? null : '';
  if (records.has('after')) result.after = one('after');
  if (records.has('submodules_changed')) result.submodules_changed = true;
  if (records.has('diff')) result.diff = { prepared: one('diff') } as ModuleResult['diff'];
  return result;
}

export const gitModule: ModuleDefinition = {
  name: 'git',
  bridgeFor: (args) => NOT_NATIVE.some(([name, asks]) => asks(args[name])),
  args: {
    options: {
      dest: { type: 'path' },
      repo: { type: 'str', required: true, aliases: ['name'] },
      version: { type: 'str', default: 'HEAD' },
      remote: { type: 'str', default: 'origin' },
      refspec: { type: 'str' },
      reference: { type: 'str' },
      force: { type: 'bool', default: false },
      depth: { type: 'int' },
      clone: { type: 'bool', default: true },
      update: { type: 'bool', default: true },
      verify_commit: { type: 'bool', default: false },
      gpg_whitelist: { type: 'list', elements: 'str', default: [] },
      accept_hostkey: { type: 'bool', default: false },
      accept_newhostkey: { type: 'bool', default: false },
      key_file: { type: 'path' },
      ssh_opts: { type: 'str' },
      executable: { type: 'path' },
      bare: { type: 'bool', default: false },
      recursive: { type: 'bool', default: true },
      single_branch: { type: 'bool', default: false },
      track_submodules: { type: 'bool', default: false },
      umask: { type: 'raw' },
      archive: { type: 'path' },
      archive_prefix: { type: 'str' },
      separate_git_dir: { type: 'path' },
    },
    mutuallyExclusive: [
      ['separate_git_dir', 'bare'],
      ['accept_hostkey', 'accept_newhostkey'],
    ],
  },
  async run(args, ctx): Promise<ModuleResult> {
    const umask = args.umask;
    let umaskText = '';
    if (isSet(umask)) {
      if (typeof umask !== 'string')
        return { changed: false, failed: true, msg: 'umask must be defined as a quoted octal integer' };
      if (!OCTAL.test(umask))
        return {
          changed: false,
          failed: true,
          msg: 'umask must be an octal integer',
          details: `invalid literal for int() with base 8: ${pyRepr(umask)}`,
        };
      const n = Number.parseInt(umask.replace(/[\s_]|0[oO]/g, ''), 8);
      umaskText = (n & 0o777).toString(8).padStart(4, '0');
    }
    const dest = isSet(args.dest) ? String(args.dest) : '';
    if (!dest && args.clone)
      return {
        changed: false,
        failed: true,
        msg: 'the destination directory must be specified unless clone=no',
      };
    const depth = isSet(args.depth) && args.depth !== 0 ? String(args.depth) : '';
    const vars: Record<string, string> = {
      repo0: String(args.repo),
      dest: dest && !dest.startsWith('/') ? dest : normpath(dest),
      version: String(args.version),
      remote: String(args.remote),
      refspec: isSet(args.refspec) ? String(args.refspec) : '',
      reference: isSet(args.reference) ? String(args.reference) : '',
      force: bit(args.force),
      depth,
      allow_clone: bit(args.clone),
      update: bit(args.update),
      accept_hostkey: bit(args.accept_hostkey),
      accept_newhostkey: bit(args.accept_newhostkey),
      key_file: isSet(args.key_file) ? String(args.key_file) : '',
      so: isSet(args.ssh_opts) ? String(args.ssh_opts) : '',
      so_set: bit(isSet(args.ssh_opts)),
      bare: bit(args.bare),
      recursive: bit(args.recursive),
      single_branch: bit(args.single_branch),
      track_submodules: bit(args.track_submodules),
      umask: umaskText,
      check: bit(ctx.check),
      diff: bit(ctx.diff),
    };
    const assign = Object.entries(vars)
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join('\n');
    // a relative dest is the module's os.path.abspath: against the login directory
    const relative = dest && !dest.startsWith('/') ? 'dest=$(realpath -ms -- "$PWD/$dest")\n' : '';
    const gitPath = isSet(args.executable)
      ? `G=${quote(String(args.executable))}`
      : binPathScript('git', 'G');
    const res = await run(ctx, `${gitPath}\n${assign}\n${relative}${SCRIPT}`);
    if (res.rc === BIN_MISSING && res.stderr.startsWith('Failed to find required executable'))
      return { changed: false, failed: true, msg: res.stderr.trim() };
    if (res.rc === OLD_GIT) throw new NativeUnsupported('git', 'git older than 2.3, or no git --version');
    const records = parseRecords(res.stdout);
    if (!records.has('done') && !records.has('failed')) return scriptDied(res);
    return gitResult(records);
  },
};

/** Python's shlex.quote. */
export function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** os.path.normpath of an absolute path. */
function normpath(p: string): string {
  if (!p) return p;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
