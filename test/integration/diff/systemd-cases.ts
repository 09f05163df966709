/**
 * The systemd cases. The test machine runs no systemd, so a stand-in `systemctl` (POSIX sh,
 * first on the play's PATH) answers what systemd_service.py asks, as the real one prints it:
 * units are dirs under $FAKE_SYSTEMD/<scope>/<unit id>/ (each side's own, under its root)
 * holding `active` (ActiveState) and `file` (UnitFileState), and flag files: `ignore` (show
 * answers as in a chroot), `busfail` (show fails with "Failed to parse bus message"),
 * `loaderror`, `fail` (start/restart/reload fail), `stale` (changed on disk). A scope dir
 * holding `nobus` fails every command. Each change is logged to $FAKE_SYSTEMD/log, with
 * XDG_RUNTIME_DIR for --user: the files compared say which commands each side ran.
 */
import { chmodSync } from 'node:fs';
import path from 'node:path';
import type { DiffCase } from './harness.js';
import { dumpTasks, PRELUDE, registeredTasks } from './modules-compare.js';

export const FAKE_SYSTEMCTL = `#!/bin/sh
S=\${FAKE_SYSTEMD:?FAKE_SYSTEMD is not set}
scope=system; flags=; cmd=; unit=
for a in "$@"; do
  case $a in
    --user|--global) scope=\${a#--}; flags="$flags $a";;
    --no-block|--force) flags="$flags $a";;
    -l|--full) ;;
    -*) echo "systemctl: unrecognized option '$a'" >&2; exit 1;;
    *) if [ -z "$cmd" ]; then cmd=$a; else unit=$a; fi;;
  esac
done
case $unit in
  /*) id=\${unit##*/}.mount;;
  *.*) id=$unit;;
  '') id=;;
  *) id=$unit.service;;
esac
D=$S/$scope/$id
log() { x=; [ "$scope" = user ] && x=" xdg=\${XDG_RUNTIME_DIR-unset}"; echo "$cmd $id$flags$x" >> "$S/log"; }
get() { if [ -e "$D/$1" ]; then cat "$D/$1"; else printf %s "$2"; fi; }
if [ -e "$S/$scope/nobus" ]; then echo "Failed to connect to bus: No such file or directory" >&2; exit 1; fi
case $cmd in
'')
  echo "  UNIT LOAD ACTIVE SUB DESCRIPTION"; exit 0;;
daemon-reload)
  log; rm -f "$S/$scope"/*/stale; exit 0;;
daemon-reexec)
  log; exit 0;;
show)
  if [ -e "$D/ignore" ]; then echo "Running in chroot, ignoring request."; exit 0; fi
  if [ -e "$D/busfail" ]; then printf 'Id=%s\\nNames=%s\\n' "$id" "$id"; echo "Failed to parse bus message: Invalid argument" >&2; exit 1; fi
  stale=no; [ -e "$D/stale" ] && stale=yes
  if [ -d "$D" ]; then
    load=loaded; f=$(get file disabled); a=$(get active inactive)
    [ "$f" = masked ] && load=masked
    [ -e "$D/loaderror" ] && load=bad-setting
  else load=not-found; f=; a=inactive; fi
  case $a in active) sub=running;; activating) sub=start;; deactivating) sub=stop-sigterm;; failed) sub=failed;; *) sub=dead;; esac
  cat <<EOF
Type=simple
Restart=no
ExecMainPID=0
ExecStart={ path=/usr/bin/$id ; argv[]=/usr/bin/$id --serve
  --port 80 ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }
ExecReload={ path=/bin/kill ; argv[]=/bin/kill -HUP \\$MAINPID ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }
Id=$id
Names=$id
Description=  {Fake unit $id  
LoadState=$load
ActiveState=$a
SubState=$sub
UnitFileState=$f
NeedDaemonReload=$stale
Environment=A=1 B=2
EOF
  if [ -e "$D/loaderror" ]; then echo "LoadError=org.freedesktop.systemd1.BadUnitSetting \\"Unit $id has a bad unit file setting.\\""; fi
  exit 0;;
is-enabled)
  if [ ! -d "$D" ]; then echo "Failed to get unit file state for $id: No such file or directory" >&2; exit 1; fi
  f=$(get file disabled); echo "$f"
  case $f in enabled|enabled-runtime|alias|static|indirect|generated|transient) exit 0;; *) exit 1;; esac;;
is-active)
  a=$(get active inactive); echo "$a"; [ "$a" = active ] && exit 0; exit 3;;
list-unit-files)
  n=0
  for d in "$S/$scope"/*/; do
    [ -d "$d" ] || continue; u=\${d%/}; u=\${u##*/}
    case $u in $unit) ;; *) continue;; esac
    [ $n = 0 ] && echo "UNIT FILE STATE VENDOR PRESET"
    n=$((n+1)); echo "$u $(cat "$d/file") enabled"
  done
  if [ $n = 0 ]; then echo "0 unit files listed."; exit 1; fi
  echo; echo "$n unit files listed."; exit 0;;
start|stop|restart|reload)
  if [ ! -d "$D" ]; then echo "Failed to $cmd $id: Unit $id not found." >&2; exit 5; fi
  if [ "$(get file x)" = masked ]; then echo "Failed to $cmd $id: Unit $id is masked." >&2; exit 1; fi
  if [ -e "$D/stale" ]; then echo "Warning: The unit file, source configuration file or drop-ins of $id changed on disk. Run 'systemctl$flags daemon-reload' to reload units." >&2; fi
  log
  if [ -e "$D/fail" ] && [ "$cmd" != stop ]; then
    printf failed > "$D/active"
    printf 'Job for %s failed because the control process exited with error code.\\nSee "systemctl status %s" and "journalctl -xeu %s" for details.\\n' "$id" "$id" "$id" >&2
    exit 1
  fi
  case $cmd in stop) printf inactive > "$D/active";; reload) ;; *) printf active > "$D/active";; esac
  exit 0;;
enable|disable)
  if [ ! -d "$D" ]; then echo "Failed to $cmd unit: Unit file $id does not exist." >&2; exit 1; fi
  f=$(get file disabled)
  if [ "$f" = masked ]; then echo "Failed to $cmd unit: Unit file /etc/systemd/system/$id is masked." >&2; exit 1; fi
  log
  case $f in static|indirect|generated|transient)
    echo "The unit files have no installation config (WantedBy=, RequiredBy=, Also=, Alias= settings in the [Install] section, and DefaultInstance= for template units)." >&2; exit 0;;
  esac
  if [ "$cmd" = enable ]; then
    echo "Created symlink /etc/systemd/system/multi-user.target.wants/$id → /lib/systemd/system/$id." >&2; printf enabled > "$D/file"
  else
    echo "Removed \\"/etc/systemd/system/multi-user.target.wants/$id\\"." >&2; printf disabled > "$D/file"
  fi
  exit 0;;
mask)
  log
  if [ ! -d "$D" ]; then mkdir -p "$D"; : > "$D/ghost"; fi
  if [ -e "$D/file" ] && [ "$(get file x)" != masked ]; then mv "$D/file" "$D/premask"; fi
  printf masked > "$D/file"
  echo "Created symlink /etc/systemd/system/$id → /dev/null." >&2; exit 0;;
unmask)
  log
  if [ -d "$D" ] && [ "$(get file x)" = masked ]; then
    if [ -e "$D/ghost" ]; then rm -rf "$D"
    elif [ -e "$D/premask" ]; then mv "$D/premask" "$D/file"
    else printf disabled > "$D/file"; fi
    echo "Removed \\"/etc/systemd/system/$id\\"." >&2
  fi
  exit 0;;
*)
  echo "Unknown command verb $cmd." >&2; exit 1;;
esac
`;

/** The units each side starts with (scope, unit, ActiveState, UnitFileState, flags...). */
const UNITS = [
  'system web.service inactive disabled',
  'system db.service active enabled stale',
  'system idx.service activating enabled',
  'system drain.service deactivating enabled',
  'system stat.service inactive static',
  'system ind.service inactive indirect',
  'system bad.service inactive enabled fail stale',
  'system broken.service inactive enabled loaderror',
  'system chroot.service inactive enabled ignore',
  'system bus.service active enabled busfail',
  'system gone.service inactive masked',
  'user agent.service inactive disabled',
];

/** The tasks, by the name each registers; `check` marks the ones the check-mode run keeps. */
const TASKS: [string, string, boolean][] = [
  ['s_start', 'systemd: { name: web, state: started }', true],
  ['s_enable', 'systemd: { name: web, enabled: true }', true],
  ['s_enable2', 'systemd: { name: web.service, enabled: true, state: started }', false],
  [
    's_restart',
    'systemd_service: { name: web.service, state: restarted, no_block: true, force: true }',
    true,
  ],
  ['s_reload', 'ansible.builtin.systemd: { name: db, state: reloaded }', false],
  ['s_stop_activating', 'systemd: { unit: idx, state: stopped }', false],
  ['s_indirect', 'systemd: { service: ind, enabled: true, state: reloaded }', false],
  ['s_fail', 'systemd: { name: bad, state: started }', false],
  ['s_loaderror', 'systemd: { name: broken, state: started }', false],
  ['s_chroot', 'systemd: { name: chroot, state: started, enabled: true }', false],
  [
    's_offline',
    'systemd: { name: chroot, state: started }\n      environment: { SYSTEMD_OFFLINE: "1" }',
    false,
  ],
  ['s_bus', 'systemd: { name: bus, state: stopped }', false],
  ['s_mask', 'systemd: { name: web, masked: true }', true],
  ['s_unmask_enable', 'systemd: { name: web, masked: false, enabled: true, state: stopped }', false],
  ['s_enable_masked', 'systemd: { name: gone, enabled: true }', false],
  ['s_unmask_gone', 'systemd: { name: gone, masked: false, enabled: true }', true],
  ['s_missing_mask', 'systemd: { name: nosuch, masked: true, enabled: false }', false],
  ['s_initd', 'systemd: { name: "{{ d }}/initd", state: started }', false],
  ['s_daemon', 'systemd: { daemon_reload: true, daemon-reexec: true, name: db, state: started }', true],
  ['s_user', 'systemd: { name: agent, scope: user, state: started, enabled: true }', true],
  ['s_global', 'systemd: { name: agent, scope: global, state: started }', false],
  ['s_glob', 'systemd: { name: "web*", state: started }', false],
  ['s_service', 'service: { name: web, state: started, use: systemd, sleep: 1 }', false],
];

/** Tasks whose failure the case expects. */
const FAILING = new Set([
  's_fail',
  's_loaderror',
  's_chroot',
  's_enable_masked',
  's_missing_mask',
  's_initd',
  's_global',
  's_glob',
]);

/**
 * The case; `forms`: failures are kept out of stdout (failed_when: false), which runForms
 * compares and which names the side.
 */
export function systemdCase(options: { args?: string[]; forms?: boolean } = {}): DiffCase {
  const { names, yaml } = registeredTasks(TASKS, FAILING, options);
  const units = UNITS.map((u) => `        u ${u}\n`).join('');
  return {
    hosts: 1,
    args: options.args,
    files: { 'bin/systemctl': FAKE_SYSTEMCTL },
    setup: (dir) => chmodSync(path.join(dir, 'bin', 'systemctl'), 0o755),
    playbook: `${PRELUDE}  environment:
    PATH: "{{ playbook_dir }}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    FAKE_SYSTEMD: "{{ d }}/sd"
  tasks:
    - shell: |
        set -e
        S=$FAKE_SYSTEMD
        u() { d=$S/$1/$2; mkdir -p "$d"; printf %s "$3" > "$d/active"; printf %s "$4" > "$d/file"; shift 4; for f in "$@"; do : > "$d/$f"; done; }
${units}        mkdir -p "$S/global"; : > "$S/global/nobus"; : > "$S/log"
        printf '#!/bin/sh\\nexit 0\\n' > "{{ d }}/initd"
      check_mode: false
${yaml}${dumpTasks(names)}`,
  };
}
