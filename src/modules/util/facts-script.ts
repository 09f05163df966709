/**
 * The one remote POSIX sh script behind setup/gather_facts: every fact source Ansible 2.14's
 * Linux collectors read, printed in sections introduced by an '@@name' line (parsed by
 * parseFacts in facts.ts). No Python is needed on the host; each command degrades to no
 * output when its tool or file is missing, as Ansible's collectors do.
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

const BASE = [
  // Ansible's get_bin_path also looks in the sbin directories (ip, lsblk, capsh, ethtool, vgs…)
  'P0=$PATH; PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"',
  'echo @@uname; uname -n; uname -r; uname -v; uname -m; uname -s',
  'echo @@host; hostname -s 2>/dev/null || hostname; hostname -f 2>/dev/null || hostname',
  // socket.getfqdn(): the names of the address the node name resolves to
  'echo @@fqdn; a=$(getent hosts "$(uname -n)" 2>/dev/null | awk \'NR==1{print $1}\'); [ -n "$a" ] && getent hosts "$a" 2>/dev/null | head -1',
  'echo @@cpu; nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo; grep "^physical id" /proc/cpuinfo 2>/dev/null | sort -u | wc -l; grep -m1 "^model name" /proc/cpuinfo 2>/dev/null | cut -d: -f2-; grep -m1 "^cpu cores" /proc/cpuinfo; grep -m1 "^siblings" /proc/cpuinfo',
  "echo @@cpuinfo; grep -E '^(model name|Processor|vendor_id|cpu|Vendor|processor|physical id|core id|cpu cores|siblings|# processors|ncpus active|machine)[[:space:]]*:' /proc/cpuinfo 2>/dev/null",
  'echo @@user; id -un; id -u; id -g; echo "$HOME"; getent passwd "$(id -un)" | cut -d: -f7',
  // the local time (UTC is derived from its epoch), then January's and July's zone names
  "echo @@date; date '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%Z|%z|%N'; date -u '+%Y-%m-%dT%H:%M:%S'; y=$(date +%Y); " +
    'date -d "$y-01-01 12:00" \'+%Z %z\' 2>/dev/null; date -d "$y-07-01 12:00" \'+%Z %z\' 2>/dev/null',
  'echo @@route; ip -4 route get 8.8.8.8 2>/dev/null | head -1',
  'echo @@route6; ip -6 route get 2404:6800:400a:800::1012 2>/dev/null | head -1',
  'echo @@addrs; ip -4 -o addr show 2>/dev/null | awk \'{print $2" "$4}\'',
  // Ansible's selinux facts come from libselinux (ctypes): its presence, then selinuxfs
  'echo @@selinux; for f in /lib/libselinux.so.1 /lib64/libselinux.so.1 /usr/lib/libselinux.so.1 /usr/lib64/libselinux.so.1 /lib/*/libselinux.so.1 /usr/lib/*/libselinux.so.1; do [ -e "$f" ] && { echo lib; break; }; done; ' +
    'if [ -e /sys/fs/selinux/enforce ]; then echo "enforce $(cat /sys/fs/selinux/enforce)"; echo "policyvers $(cat /sys/fs/selinux/policyvers 2>/dev/null)"; grep -E "^SELINUX(TYPE)?=" /etc/selinux/config 2>/dev/null; fi',
  'echo @@misc; cat /proc/1/comm 2>/dev/null || echo unknown; for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null 2>&1 && { echo $m; break; }; done; cat /etc/debian_version 2>/dev/null || echo',
  // service_mgr.py: pid 1's name, else the systemd / upstart / openrc / sysvinit probes
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'echo @@svc; p=$(cat /proc/1/comm 2>/dev/null); [ -z "$p" ] && [ -L /sbin/init ] && p=$(readlink /sbin/init); p=${p##*/}; case $p in init|*sh) p=;; esac; ' +
    'S=; command -v systemctl >/dev/null 2>&1 && S=1; ' +
    'if [ -n "$p" ]; then echo "pid1 $p"; ' +
    'elif [ -n "$S" ] && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; }; then echo systemd; ' +
    'elif command -v initctl >/dev/null 2>&1 && [ -e /etc/init/ ]; then echo upstart; ' +
    'elif [ -e /sbin/openrc ]; then echo openrc; ' +
    'elif [ -n "$S" ] && [ -L /sbin/init ] && [ "$(basename "$(readlink /sbin/init)")" = systemd ]; then echo systemd; ' +
    'elif [ -e /etc/init.d/ ]; then echo sysvinit; else echo service; fi',
  `echo @@pkg; for p in ${PKG_MGR_PATHS.map(([p]) => p).join(' ')}; do [ -e $p ] && echo $p; done; [ -e /run/ostree-booted ] && echo ostree-booted; [ -e /usr/bin/rpm ] && [ -e /usr/bin/apt-get ] && /usr/bin/rpm -q --whatprovides /usr/bin/apt-get >/dev/null 2>&1 && echo apt-rpm`,
  'echo @@meminfo; grep -E "^(MemTotal|MemFree|SwapTotal|SwapFree|SwapCached|Buffers|Cached):" /proc/meminfo',
  'echo @@osrelease; cat /etc/os-release 2>/dev/null',
  'echo @@lsb; lsb_release -a 2>/dev/null || cat /etc/lsb-release 2>/dev/null',
  'echo @@links; ip -o link show 2>/dev/null',
  'echo @@alladdrs; ip -o addr show 2>/dev/null',
  // interface attributes as network/linux.py reads them from /sys/class/net
  // interface attributes as network/linux.py reads them from /sys/class/net: `dev/key:value`
  "echo @@sysnet; (cd /sys/class/net 2>/dev/null || exit 0; grep -s '' */operstate */type */address */mtu */flags */speed; " +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    'for n in *; do [ -d "$n" ] || continue; echo "$n/dir:1"; [ -e "$n/device" ] && l=$(readlink "$n/device") && echo "$n/pciid:${l##*/}"; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    '[ -e "$n/device/driver/module" ] && l=$(readlink -f "$n/device/driver/module") && echo "$n/module:${l##*/}"; ' +
    'if [ -e "$n/bridge" ]; then echo "$n/bridge:1"; echo "$n/brif:$(ls "$n/brif" 2>/dev/null | tr \'\\n\' \' \')"; echo "$n/bridge_id:$(cat "$n/bridge/bridge_id" 2>/dev/null)"; echo "$n/stp_state:$(cat "$n/bridge/stp_state" 2>/dev/null)"; fi; ' +
    'if [ -e "$n/bonding" ]; then echo "$n/bonding:1"; for k in slaves mode miimon lacp_rate primary all_slaves_active; do echo "$n/bond_$k:$(cat "$n/bonding/$k" 2>/dev/null)"; done; fi; ' +
    '[ -e "$n/bonding_slave" ] && echo "$n/perm_hwaddr:$(cat "$n/bonding_slave/perm_hwaddr" 2>/dev/null)"; done; ' +
    // get_ethtool_data: offload features and timestamping, when ethtool is installed
    'if command -v ethtool >/dev/null 2>&1; then for n in *; do [ -d "$n" ] || continue; ' +
    'o=$(ethtool -k "$n" 2>/dev/null) && printf "%s\\n" "$o" | sed "s|^|$n/ethk:|"; o=$(ethtool -T "$n" 2>/dev/null) && printf "%s\\n" "$o" | sed "s|^|$n/etht:|"; done; fi)',
  'echo @@sys; cat /proc/uptime; cat /proc/loadavg; m=$(head -1 /var/lib/dbus/machine-id 2>/dev/null); [ -n "$m" ] || m=$(head -1 /etc/machine-id 2>/dev/null); echo "$m"; id -u; id -ru; id -g; id -rg; getconf LONG_BIT; [ -d /sys/kernel/security/apparmor ] && echo enabled || echo disabled; getenforce 2>/dev/null || echo disabled; cat /proc/sys/crypto/fips_enabled 2>/dev/null || echo 0; getent passwd "$(id -un)" | cut -d: -f5',
  'echo @@resolv; cat /etc/resolv.conf 2>/dev/null',
  // /sys first; without it, dmidecode -s per fact (rc != 0: 'NA'), as get_dmi_facts
  `echo @@dmi; d=/sys/devices/virtual/dmi/id; if [ -e $d/product_name ]; then for k in ${DMI_KEYS.join(' ')}; do echo "$k=$(cat $d/$k 2>/dev/null)"; done; ` +
    `elif command -v dmidecode >/dev/null 2>&1; then set -- ${DMIDECODE_KEYS.flat().join(' ')}; while [ $# -gt 1 ]; do ` +
    'o=$(dmidecode -s "$2" 2>/dev/null) && echo "dd $1=$(printf "%s\\n" "$o" | grep -v "^#" | tr -d "\\n")"; shift 2; done; fi',
  // get_lvm_facts: only as root with the lvm tools
  'echo @@lvm; if [ "$(id -u)" = 0 ] && command -v vgs >/dev/null 2>&1; then echo root; O="--noheadings --nosuffix --units g --separator ,"; ' +
    'vgs $O 2>/dev/null | sed "s/^/vg /"; command -v lvs >/dev/null 2>&1 && lvs $O 2>/dev/null | sed "s/^/lv /"; ' +
    'if command -v pvs >/dev/null 2>&1; then pvs $O 2>/dev/null | sed "s/^/pv /"; ' +
    'for d in $(pvs --noheadings -o pv_name 2>/dev/null | grep "/dev/dm-"); do echo "dm $d $(dmsetup info -C --noheadings -o name "$d" 2>/dev/null)"; done; fi; fi',
  'echo @@lsblk; lsblk --list --noheadings --paths --output NAME,UUID --exclude 2 2>/dev/null',
  "echo @@findmnt; findmnt --list --noheadings --notruncate 2>/dev/null | awk '$2 ~ /]/ {print $1}'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
  'echo @@sshkeys; for d in /etc/ssh /etc/openssh /etc; do for a in dsa rsa ecdsa ed25519; do f=$d/ssh_host_${a}_key.pub; [ -r $f ] && echo "$d $a $(head -1 $f)"; done; done',
  'echo @@cmdline; cat /proc/cmdline 2>/dev/null',
  'echo @@caps; if command -v capsh >/dev/null 2>&1; then o=$(capsh --print 2>/dev/null) && { echo ok; printf "%s\\n" "$o" | grep "^Current:"; }; fi',
  'echo @@chroot; if [ -n "$debian_chroot" ]; then echo env; else echo "fs $(stat -f -c %T / 2>/dev/null)"; stat -c "%d %i" / /proc/1/root/. 2>/dev/null; fi',
  'echo @@initiators; echo "iqn $(sed -n \'s/^InitiatorName=//p\' /etc/iscsi/initiatorname.iscsi 2>/dev/null | head -1)"; echo "nqn $(head -1 /etc/nvme/hostnqn 2>/dev/null)"',
  // virtual/linux.py's probes, in the order it tries them
  'echo @@virt; [ -r /proc/1/cgroup ] && sed "s/^/cg /" /proc/1/cgroup; [ -r /proc/1/environ ] && { tr "\\000" "\\n" < /proc/1/environ; } 2>/dev/null | grep "container=" | sed "s/^/env /"; ' +
    'for f in /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit /proc/xen /rhev /dev/kvm; do [ -e $f ] && echo "has $f"; done; ' +
    '[ -r /proc/xen/capabilities ] && sed "s/^/xen /" /proc/xen/capabilities; [ -r /run/systemd/container ] && echo "sdc $(cat /run/systemd/container)"; ' +
    'grep "^VxID:" /proc/self/status 2>/dev/null | sed "s/^/vx /"; [ -r /proc/modules ] && grep -oE "^(kvm|vboxdrv|virtio) " /proc/modules | sed "s/^/mod /"; ' +
    '[ -d /rhev ] && cat /proc/[0-9]*/comm 2>/dev/null | grep -qxE "vdsmd?" && echo vdsm; ' +
    'command -v dmidecode >/dev/null 2>&1 && o=$(dmidecode -s system-product-name 2>/dev/null) && echo "dmidecode $(printf "%s\\n" "$o" | grep -v "^#" | tr -d "\\n")"; ' +
    'grep -q "IBM/S390" /proc/cpuinfo 2>/dev/null && command -v lscpu >/dev/null 2>&1 && lscpu | sed -n "s/^Hypervisor:[[:space:]]*/lscpu /p"',
];

/**
 * Mount points as hardware/linux.py lists them: mtab entries on a device path, with
 * statvfs numbers (GNU/busybox `stat -f`) and the uuid from udevadm (lsblk's wins).
 */
function mountsSection(timeoutSeconds: number): string {
  return (
    `echo @@mounts; T=; command -v timeout >/dev/null 2>&1 && T="timeout ${timeoutSeconds}"; ` +
    'UD=; command -v udevadm >/dev/null 2>&1 && UD=1; m=/etc/mtab; [ -e $m ] || m=/proc/mounts; ' +
    'while read -r d p t o r; do case $d in /*|\\\\*|*:/*) ;; *) continue;; esac; [ "$t" = none ] && continue; ' +
    'q=$p; case $p in *\\\\*) q=$(printf "%b" "$(printf "%s" "$p" | sed "s/\\\\\\([0-7][0-7][0-7]\\)/\\\\0\\1/g")");; esac; ' +
    'echo "M $d $p $t $o"; $T stat -f -c "S %S %s %b %a %c %d" "$q" 2>/dev/null || { [ $? = 124 ] && echo "S timeout" || echo S; }; ' +
    '[ -n "$UD" ] && echo "U $(udevadm info --query property --name "$d" 2>/dev/null | sed -n "s/^ID_FS_UUID=//p" | head -1)"; ' +
    'done < $m'
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
  'echo @@env; L=$LC_CTYPE; [ -n "$L" ] || L=$LANG; [ -n "$L" ] || L=C; ' +
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
  const pick = python ? `p=${shellQuote(python)}` : 'p=$(command -v python3 || command -v python)';
  return `echo @@python; ${pick}; if [ -n "$p" ]; then echo "$p"; "$p" --version 2>&1 | sed -n "s/^Python \\([0-9.]*\\).*/\\1/p"; fi`;
}
