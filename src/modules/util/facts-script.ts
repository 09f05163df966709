/**
 * The one remote POSIX sh script behind setup/gather_facts: every fact source Ansible 2.14's
 * Linux collectors read, printed in sections introduced by an '@@name' line (parsed by
 * parseFacts in facts.ts, after facts-expand.ts has rebuilt the per-collector sections). No
 * Python is needed on the host; each command degrades to no output when its tool or file is
 * missing, as Ansible's collectors do.
 *
 * Host CPU is the budget (issue 17: <= 40 ms per host), and on Linux most of it is process
 * start-up. So: every plain file (/proc, /sys, /etc) is printed by ONE `grep -s ''` as
 * `path:line` (the `files` section), shell builtins (read, cd -P, globs, case) do the rest,
 * a tool runs only when its answer is needed (udevadm only for devices lsblk has no uuid for,
 * the second stat only without /proc/1/root, lsb_release only when it is not the minimal
 * Debian script whose output the controller derives from os-release), and one `ip -batch`
 * and one `date -f` do the work of four ip and four date runs. Filtering and reshaping
 * (awk, sed, cut, head, sort in the old script) happen on the controller.
 */
import { quote as shellQuote } from '../../connection/shell-quote.js';
import { DEVICES_SCRIPT } from './facts-devices.js';

/** Package manager binaries Ansible checks (pkg_mgr.py PKG_MGRS); the last one present wins. */
export const PKG_MGR_PATHS: [string, string][] = [
  ['/usr/bin/rpm-ostree', 'atomic_container'],
  ['/usr/bin/yum', 'yum'],
  ['/usr/bin/dnf', 'dnf'],
  ['/usr/bin/apt-get', 'apt'],
  ['/usr/bin/zypper', 'zypper'],
  ['/usr/sbin/urpmi', 'urpmi'],
  ['/usr/bin/pacman', 'pacman'],
  ['/bin/opkg', 'opkg'],
  ['/usr/pkg/bin/pkgin', 'pkgin'],
  ['/opt/local/bin/pkgin', 'pkgin'],
  ['/opt/tools/bin/pkgin', 'pkgin'],
  ['/opt/local/bin/port', 'macports'],
  ['/usr/local/bin/brew', 'homebrew'],
  ['/opt/homebrew/bin/brew', 'homebrew'],
  ['/sbin/apk', 'apk'],
  ['/usr/sbin/pkg', 'pkgng'],
  ['/usr/sbin/swlist', 'swdepot'],
  ['/usr/bin/emerge', 'portage'],
  ['/usr/sbin/pkgadd', 'svr4pkg'],
  ['/usr/bin/pkg', 'pkg5'],
  ['/usr/bin/xbps-install', 'xbps'],
  ['/usr/local/sbin/pkg', 'pkgng'],
  ['/usr/bin/swupd', 'swupd'],
  ['/usr/sbin/sorcery', 'sorcery'],
  ['/usr/bin/installp', 'installp'],
];

export const DMI_KEYS = [
  'bios_date',
  'bios_vendor',
  'bios_version',
  'board_asset_tag',
  'board_name',
  'board_serial',
  'board_vendor',
  'board_version',
  'chassis_asset_tag',
  'chassis_serial',
  'chassis_vendor',
  'chassis_version',
  'chassis_type',
  'product_name',
  'product_serial',
  'product_uuid',
  'product_version',
  'sys_vendor',
  'product_family',
];

/** dmidecode keywords per DMI fact, for hosts without /sys/devices/virtual/dmi. */
export const DMIDECODE_KEYS: [string, string][] = [
  ['bios_date', 'bios-release-date'],
  ['bios_vendor', 'bios-vendor'],
  ['bios_version', 'bios-version'],
  ['board_asset_tag', 'baseboard-asset-tag'],
  ['board_name', 'baseboard-product-name'],
  ['board_serial', 'baseboard-serial-number'],
  ['board_vendor', 'baseboard-manufacturer'],
  ['board_version', 'baseboard-version'],
  ['chassis_asset_tag', 'chassis-asset-tag'],
  ['chassis_serial', 'chassis-serial-number'],
  ['chassis_vendor', 'chassis-manufacturer'],
  ['chassis_version', 'chassis-version'],
  ['form_factor', 'chassis-type'],
  ['product_name', 'system-product-name'],
  ['product_serial', 'system-serial-number'],
  ['product_uuid', 'system-uuid'],
  ['product_version', 'system-version'],
  ['system_vendor', 'system-manufacturer'],
];

/** The files printed whole by the one `grep` (the `files` section); globs expand on the host. */
export function dumpedFiles(): string[] {
  const dmi = DMI_KEYS.map((k) => `/sys/devices/virtual/dmi/id/${k}`);
  const keys = ['/etc/ssh', '/etc/openssh', '/etc'].flatMap((d) =>
    SSH_KEY_ALGOS.map((a) => `${d}/ssh_host_${a}_key.pub`),
  );
  const net = '/sys/class/net/*';
  const blk = '/sys/block/*';
  return [
    // uname's fields (arch: Linux >= 6.1; without it the script runs uname)
    ...['ostype', 'hostname', 'osrelease', 'version', 'arch'].map((k) => `/proc/sys/kernel/${k}`),
    '/proc/cpuinfo',
    '/proc/meminfo',
    // findmnt's bind mounts, and the file system of / for chroot.py
    '/proc/self/mountinfo',
    // grep's own status: the shell's uids, gids and CPU affinity (nproc), and VxID
    '/proc/self/status',
    '/proc/uptime',
    '/proc/loadavg',
    '/proc/cmdline',
    '/proc/1/comm',
    '/proc/1/cgroup',
    '/proc/modules',
    '/proc/sys/crypto/fips_enabled',
    '/proc/xen/capabilities',
    '/run/systemd/container',
    '/etc/os-release',
    '/usr/lib/os-release',
    '/etc/lsb-release',
    '/etc/debian_version',
    '/etc/resolv.conf',
    '/etc/selinux/config',
    '/sys/fs/selinux/enforce',
    '/sys/fs/selinux/policyvers',
    '/var/lib/dbus/machine-id',
    '/etc/machine-id',
    '/etc/iscsi/initiatorname.iscsi',
    '/etc/nvme/hostnqn',
    ...dmi,
    ...keys,
    ...['operstate', 'type', 'address', 'mtu', 'flags', 'speed'].map((a) => `${net}/${a}`),
    `${net}/bridge/bridge_id`,
    `${net}/bridge/stp_state`,
    ...BOND_KEYS.map((k) => `${net}/bonding/${k}`),
    `${net}/bonding_slave/perm_hwaddr`,
    ...BLOCK_DISK_FILES.map((f) => `${blk}/${f}`),
    ...BLOCK_PART_FILES.map((f) => `${blk}/*/${f}`),
    `${blk}/holders/*/dm/name`,
    `${blk}/*/holders/*/dm/name`,
  ];
}

export const SSH_KEY_ALGOS = ['dsa', 'rsa', 'ecdsa', 'ed25519'];
export const BOND_KEYS = ['slaves', 'mode', 'miimon', 'lacp_rate', 'primary', 'all_slaves_active'];
/** Per-disk files, as get_device_facts reads them (in this order). */
export const BLOCK_DISK_FILES = [
  'device/vendor',
  'device/model',
  'device/sas_address',
  'device/sas_device_handle',
  'device/serial',
  'removable',
  'queue/discard_granularity',
  'queue/rotational',
  'queue/scheduler',
  'size',
  'queue/logical_block_size',
  'queue/hw_sector_size',
];
export const BLOCK_PART_FILES = ['start', 'size', 'queue/logical_block_size', 'queue/hw_sector_size'];

/** Where `ip route get` asks the way (get_default_interfaces). */
export const ROUTE_V4 = '8.8.8.8';
export const ROUTE_V6 = '2404:6800:400a:800::1012';
/** lsb_release of Debian's lsb-release-minimal: its output is os-release's, derived on the controller. */
export const LSB_MINIMAL_MARK = '# SPDX-FileCopyrightText: 2021-2022 Gioele Barabucci';

const DATE_FORMAT = '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%Z|%z|%N';

const BASE = [
  // Ansible's get_bin_path also looks in the sbin directories (ip, lsblk, capsh, ethtool, vgs…)
  // the directory and OLDPWD to come back to: the script's `cd`s must not show in `env`
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'P0=$PATH; PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; H0=$PWD; O0=$OLDPWD; O1=${OLDPWD+1}',
  // W: the path of a command on PATH into $w, without the fork of $(command -v …)
  'W() { w=; o=$IFS; IFS=:; set -f; for d in $PATH; do [ -f "$d/$1" ] && [ -x "$d/$1" ] && { w=$d/$1; break; }; done; set +f; IFS=$o; [ -n "$w" ]; }',
  'echo @@uname; U=; M=; { read -r M < /proc/sys/kernel/arch; } 2>/dev/null; if [ -n "$M" ]; then echo proc; else U=$(uname -snrvm 2>/dev/null); echo "$U"; fi',
  // socket.getfqdn(): the names of the address the node name resolves to
  'echo @@fqdn; N=; { read -r N < /proc/sys/kernel/hostname; } 2>/dev/null; [ -n "$N" ] || N=$(uname -n); ' +
    'if command -v getent >/dev/null 2>&1; then set -f; set -- $(getent hosts "$N" 2>/dev/null); set +f; [ -n "$1" ] && getent hosts "$1" 2>/dev/null; fi',
  `echo @@files; LC_ALL=C grep -s '' ${dumpedFiles().join(' ')} 2>/dev/null`,
  // getpass.getuser(): the login variables, else the real uid's name; then its passwd entry
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'echo @@user; u=${LOGNAME:-${USER:-${LNAME:-$USERNAME}}}; [ -n "$u" ] || u=$(id -run 2>/dev/null); echo "$u"; echo "$HOME"; ' +
    'command -v getent >/dev/null 2>&1 && { getent passwd "$u" 2>/dev/null || getent passwd "$(id -ru)" 2>/dev/null; }',
  // now, then this year's January and July (their zone names give time.tzname); `date -f` is
  // GNU's, the fallback busybox's
  `echo @@date; date -f - '${DATE_FORMAT}' 2>/dev/null <<'EOF' || { date '${DATE_FORMAT}'; date -u '+%Y-%m-%dT%H:%M:%S'; y=$(date +%Y); ` +
    'date -d "$y-01-01 12:00" \'+%Z %z\' 2>/dev/null; date -d "$y-07-01 12:00" \'+%Z %z\' 2>/dev/null; }\nnow\nJan 1 12:00\nJul 1 12:00\nEOF',
  // links, addresses and both default routes from one ip; busybox's ip has no -batch
  `echo @@ip; if command -v ip >/dev/null 2>&1; then o=$(ip -o -force -batch - 2>/dev/null <<'EOF'\nlink show\naddr show\nroute get ${ROUTE_V4}\nroute get ${ROUTE_V6}\nEOF\n); ` +
    `if [ -n "$o" ]; then printf '%s\\n' "$o"; else echo @@route; ip -4 route get ${ROUTE_V4} 2>/dev/null | head -1; echo @@route6; ip -6 route get ${ROUTE_V6} 2>/dev/null | head -1; ` +
    'echo @@links; ip -o link show 2>/dev/null; echo @@alladdrs; ip -o addr show 2>/dev/null; fi; fi',
  // Ansible's selinux facts come from libselinux (ctypes): its presence, then selinuxfs
  'echo @@selinux; for f in /lib/libselinux.so.1 /lib64/libselinux.so.1 /usr/lib/libselinux.so.1 /usr/lib64/libselinux.so.1 /lib/*/libselinux.so.1 /usr/lib/*/libselinux.so.1; do [ -e "$f" ] && { echo lib; break; }; done; ' +
    '[ -e /sys/fs/selinux/enforce ] && echo enforce',
  'echo @@misc; for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null 2>&1 && { echo $m; break; }; done',
  // service_mgr.py: pid 1's name, else the systemd / upstart / openrc / sysvinit probes
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'echo @@svc; p=; { read -r p < /proc/1/comm; } 2>/dev/null; [ -z "$p" ] && [ -L /sbin/init ] && p=$(readlink /sbin/init); p=${p##*/}; case $p in init|*sh) p=;; esac; ' +
    'S=; command -v systemctl >/dev/null 2>&1 && S=1; ' +
    'if [ -n "$p" ]; then echo "pid1 $p"; ' +
    'elif [ -n "$S" ] && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; }; then echo systemd; ' +
    'elif command -v initctl >/dev/null 2>&1 && [ -e /etc/init/ ]; then echo upstart; ' +
    'elif [ -e /sbin/openrc ]; then echo openrc; ' +
    'elif [ -n "$S" ] && [ -L /sbin/init ] && [ "$(basename "$(readlink /sbin/init)")" = systemd ]; then echo systemd; ' +
    'elif [ -e /etc/init.d/ ]; then echo sysvinit; else echo service; fi',
  `echo @@pkg; for p in ${PKG_MGR_PATHS.map(([p]) => p).join(' ')}; do [ -e $p ] && echo $p; done; [ -e /run/ostree-booted ] && echo ostree-booted; [ -e /usr/bin/rpm ] && [ -e /usr/bin/apt-get ] && /usr/bin/rpm -q --whatprovides /usr/bin/apt-get >/dev/null 2>&1 && echo apt-rpm`,
  // lsb_release -a (Ansible runs it when installed), unless it is the minimal script
  `echo @@lsb; if W lsb_release; then l3=; { read -r l1; read -r l2; read -r l3; } < "$w" 2>/dev/null; ` +
    `if [ "$l3" = '${LSB_MINIMAL_MARK}' ] && [ -z "\${LSB_OS_RELEASE+x}" ]; then echo @@lsbminimal; else "$w" -a 2>/dev/null; fi; fi`,
  // interface attributes as network/linux.py reads them from /sys/class/net (the files are in
  // the files section): `dev/key:value`; `cd -P` resolves a link without readlink
  'echo @@sysnet; if cd /sys/class/net 2>/dev/null; then for n in *; do [ -d "$n" ] || continue; echo "$n/dir:1"; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    '[ -e "$n/device" ] && cd -P "$n/device" 2>/dev/null && { echo "$n/pciid:${PWD##*/}"; cd /sys/class/net; }; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    '[ -e "$n/device/driver/module" ] && cd -P "$n/device/driver/module" 2>/dev/null && { echo "$n/module:${PWD##*/}"; cd /sys/class/net; }; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    'if [ -e "$n/bridge" ]; then echo "$n/bridge:1"; b=; for x in "$n"/brif/*; do [ -e "$x" ] && b="$b${x##*/} "; done; echo "$n/brif:$b"; fi; ' +
    '[ -e "$n/bonding" ] && echo "$n/bonding:1"; [ -e "$n/bonding_slave" ] && echo "$n/bonding_slave:1"; done; ' +
    // get_ethtool_data: offload features and timestamping, when ethtool is installed
    'if command -v ethtool >/dev/null 2>&1; then for n in *; do [ -d "$n" ] || continue; ' +
    'o=$(ethtool -k "$n" 2>/dev/null) && printf "%s\\n" "@@ethk $n" "$o"; o=$(ethtool -T "$n" 2>/dev/null) && printf "%s\\n" "@@etht $n" "$o"; done; echo @@sysnet; fi; cd "$H0" 2>/dev/null; fi',
  // the sys section: LONG_BIT and the AppArmor state (the rest is in the files section)
  'echo @@sys; [ -d /sys/kernel/security/apparmor ] && echo enabled || echo disabled',
  // /sys first (files section); without it, dmidecode -s per fact (rc != 0: 'NA'), as get_dmi_facts
  `echo @@dmi; d=/sys/devices/virtual/dmi/id; if [ -e $d/product_name ]; then echo sys; ` +
    `elif command -v dmidecode >/dev/null 2>&1; then set -- ${DMIDECODE_KEYS.flat().join(' ')}; while [ $# -gt 1 ]; do ` +
    'o=$(dmidecode -s "$2" 2>/dev/null) && echo "dd $1=$(printf "%s\\n" "$o" | grep -v "^#" | tr -d "\\n")"; shift 2; done; fi',
  // get_lvm_facts: only as root with the lvm tools
  'echo @@lvm; if command -v vgs >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then echo root; O="--noheadings --nosuffix --units g --separator ,"; ' +
    'vgs $O 2>/dev/null | sed "s/^/vg /"; command -v lvs >/dev/null 2>&1 && lvs $O 2>/dev/null | sed "s/^/lv /"; ' +
    'if command -v pvs >/dev/null 2>&1; then pvs $O 2>/dev/null | sed "s/^/pv /"; ' +
    'for d in $(pvs --noheadings -o pv_name 2>/dev/null | grep "/dev/dm-"); do echo "dm $d $(dmsetup info -C --noheadings -o name "$d" 2>/dev/null)"; done; fi; fi',
  'echo @@lsblk; LB=; command -v lsblk >/dev/null 2>&1 && LB=$(lsblk --list --noheadings --paths --output NAME,UUID --exclude 2 2>/dev/null) && printf "%s\\n" "$LB"',
  // _find_bind_mounts runs findmnt when installed; its SOURCE[root] column comes from mountinfo
  'echo @@findmnt; command -v findmnt >/dev/null 2>&1 && echo mountinfo',
  'echo @@caps; if command -v capsh >/dev/null 2>&1; then o=$(capsh --print 2>/dev/null) && printf "%s\\n" ok "$o"; fi',
  // chroot.py: / and /proc/1/root the same file (test -ef: device and inode)? Without access to
  // /proc/1/root, the inode of / against its file system's root inode: both from the shell's
  // fdinfo of / (ino, mnt_id; Linux >= 5.14), else from stat as Ansible does
  'echo @@chroot; if [ -n "$debian_chroot" ]; then echo env; elif [ -e /proc/1/root/. ]; then [ / -ef /proc/1/root/. ] && echo same || echo differ; ' +
    'else I=; J=; { while read -r k v; do case $k in ino:) I=$v;; mnt_id:) J=$v;; esac; done 9</ < /proc/$$/fdinfo/9; } 2>/dev/null; ' +
    'if [ -n "$I" ]; then echo "ino $I $J"; else echo "fs $(stat -f -c %T / 2>/dev/null)"; stat -c "%d %i" / 2>/dev/null; fi; fi',
  // virtual/linux.py's probes, in the order it tries them (files: cgroup, xen, container, VxID, modules)
  'echo @@virt; [ -r /proc/1/environ ] && { echo @@environ; tr "\\000" "\\n" < /proc/1/environ; echo; echo @@virt; } 2>/dev/null; ' +
    'for f in /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit /proc/xen /rhev /dev/kvm; do [ -e $f ] && echo "has $f"; done; ' +
    '[ -d /rhev ] && cat /proc/[0-9]*/comm 2>/dev/null | grep -qxE "vdsmd?" && echo vdsm; ' +
    'command -v dmidecode >/dev/null 2>&1 && o=$(dmidecode -s system-product-name 2>/dev/null) && echo "dmidecode $(printf "%s\\n" "$o" | grep -v "^#" | tr -d "\\n")"; ' +
    'case $M$U in *s390*) grep -q "IBM/S390" /proc/cpuinfo 2>/dev/null && command -v lscpu >/dev/null 2>&1 && lscpu | sed -n "s/^Hypervisor:[[:space:]]*/lscpu /p";; esac',
];

/**
 * Mount points as hardware/linux.py lists them: mtab entries on a device path (`M` lines) and
 * their statvfs numbers (`S … path` lines) from one `stat -f` for all the local ones and one
 * under `timeout` for the network and FUSE ones (Ansible's per-mount timeout is there for a
 * hung server; a local statvfs answers from memory). When that one times out, each of them
 * gets its own timeout, as Ansible's per-mount threads. udevadm's properties (a `udev <dev>`
 * section) only for devices lsblk gave no uuid for: lsblk's answer wins over udevadm's.
 */
function mountsSection(timeoutSeconds: number): string {
  const statFormat = '"S %S %s %b %a %c %d %n"';
  return (
    `echo @@mounts; T=; command -v timeout >/dev/null 2>&1 && T="timeout ${timeoutSeconds}"; ` +
    'UD=; command -v udevadm >/dev/null 2>&1 && UD=1; HAVE=" "; ' +
    '[ -n "$UD" ] && [ -n "$LB" ] && while read -r n v r; do [ -n "$v" ] && HAVE="$HAVE$n "; done <<EOF\n$LB\nEOF\n' +
    'm=/etc/mtab; [ -e $m ] || m=/proc/mounts; set --; R=; ' +
    'while read -r d p t o r; do case $d in /*|\\\\*|*:/*) ;; *) continue;; esac; [ "$t" = none ] && continue; ' +
    'echo "M $d $p $t $o"; ' +
    // an escaped mount point (\\040 …) gets its own stat, with the decoded path
    'case $p in *\\\\*) q=$(printf "%b" "$(printf "%s" "$p" | sed "s/\\\\\\([0-7][0-7][0-7]\\)/\\\\0\\1/g")"); ' +
    `s=$($T stat -f -c ${statFormat.replace(' %n', '')} "$q" 2>/dev/null); r=$?; if [ -n "$s" ]; then echo "$s $p"; elif [ $r = 124 ]; then echo "S timeout $p"; fi;; ` +
    // without a backslash, a mount point has no blank either (mtab escapes them)
    '*) case "$d $t" in \\\\*|*:/*|*" fuse"*|*" nfs"*|*" cifs"|*" smb"*|*" ceph"|*" glusterfs"|*" 9p") R="$R $p";; *) set -- "$@" "$p";; esac;; esac; ' +
    'if [ -n "$UD" ]; then case $HAVE in *" $d "*) ;; *) echo "@@udev $d"; udevadm info --query property --name "$d" 2>/dev/null; echo @@mounts;; esac; fi; ' +
    'done < $m; ' +
    `[ $# -gt 0 ] && stat -f -c ${statFormat} "$@" 2>/dev/null; ` +
    `if [ -n "$R" ]; then set -f; set -- $R; set +f; $T stat -f -c ${statFormat} "$@" 2>/dev/null; if [ $? = 124 ]; then for p in "$@"; do ` +
    `$T stat -f -c ${statFormat} "$p" 2>/dev/null || { [ $? = 124 ] && echo "S timeout $p"; }; done; fi; fi`
  );
}

/**
 * local.py: every `*.fact` in fact_path, run when executable (its stdout, exit code and
 * stderr), read otherwise; contents are base64 (or od hex) so no fact text can look like a
 * section line.
 */
function localSection(factPath: string): string {
  const dir = shellQuote(factPath);
  return (
    `echo @@local; D=${dir}; if [ -d "$D" ]; then echo dir; ` +
    'if command -v base64 >/dev/null 2>&1; then E="base64"; K=b64; else E="od -An -v -tx1"; K=hex; fi; ' +
    'X=$(mktemp 2>/dev/null || echo /tmp/.flt_fact_$$); ' +
    'for f in "$D"/*.fact; do [ -e "$f" ] || [ -L "$f" ] || continue; ' +
    // A dangling (or looping) symlink: os.stat fails, with ENOENT or ELOOP.
    'if [ ! -e "$f" ]; then n=2; stat -L -- "$f" 2>&1 | grep -q "levels of symbolic" && n=40; echo "F nostat $n $K $f"; echo; echo; ' +
    'elif [ -x "$f" ]; then "$f" > "$X" 2> "$X.err"; rc=$?; echo "F exec $rc $K $f"; $E < "$X" | tr -d " \\n"; echo; $E < "$X.err" | tr -d " \\n"; echo; ' +
    'elif [ -r "$f" ]; then echo "F file 0 $K $f"; $E < "$f" | tr -d " \\n"; echo; echo; ' +
    'else echo "F unreadable 0 $K $f"; echo; echo; fi; done; rm -f "$X" "$X.err"; fi'
  );
}

/**
 * The module's environment as Ansible's (Python) setup sees it: Python 3 coerces a C/POSIX
 * LC_CTYPE to C.UTF-8 (PEP 538). `env` stays a plain last command (bash execs it directly).
 */
const ENV_SECTION =
  'echo @@env; if [ -n "$O1" ]; then OLDPWD=$O0; else unset OLDPWD; fi; L=$LC_CTYPE; [ -n "$L" ] || L=$LANG; [ -n "$L" ] || L=C; ' +
  '[ -z "$LC_ALL" ] && { [ "$L" = C ] || [ "$L" = POSIX ]; } && export LC_CTYPE=C.UTF-8; PATH=$P0 env';

/** The whole script; fact_path and gather_timeout are the setup options it depends on. */
export function factsScript(factPath: string, timeoutSeconds: number, python?: string): string {
  return [
    ...BASE,
    pythonSection(python),
    DEVICES_SCRIPT,
    mountsSection(timeoutSeconds),
    localSection(factPath),
    ENV_SECTION,
  ].join('\n');
}

/**
 * ansible_python: the interpreter the module runs with (ansible_python_interpreter, else the
 * one discovery finds). `--version` answers before the interpreter imports site: far cheaper
 * than running code.
 */
function pythonSection(python: string | undefined): string {
  const pick = python ? `p=${shellQuote(python)}` : 'p=; if W python3 || W python; then p=$w; fi';
  return (
    `echo @@python; ${pick}; if [ -n "$p" ]; then echo "$p"; "$p" --version 2>&1; fi\n` +
    // platform.architecture(): the interpreter's ELF class (its first 5 bytes), else getconf's
    'echo @@bits; h=; [ -n "$p" ] && { IFS= read -r h < "$p"; } 2>/dev/null; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    'case $h in ?ELF*) t=${h#?????}; printf "%s\\n" "${h%"$t"}";; *) getconf LONG_BIT 2>/dev/null;; esac'
  );
}
