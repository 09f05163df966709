/**
 * The facts script (facts-script.ts) prints little more than raw material, to keep its host CPU
 * low: every plain file in one `files` section (`path:line`, from one grep), one `ip -batch`
 * answer, one `date -f` answer, and markers where a tool was skipped. This module rebuilds from
 * that the per-collector sections the fact parsers read (facts.ts, facts-*.ts): the filtering
 * and reshaping that awk, sed, cut, head and sort did on the host happen here. Output without a
 * `files` section (an older script) is left as it is.
 */
import {
  BLOCK_DISK_FILES,
  BLOCK_PART_FILES,
  BOND_KEYS,
  DMI_KEYS,
  ROUTE_V4,
  ROUTE_V6,
  SSH_KEY_ALGOS,
} from './facts-script.js';

export type Sections = Map<string, string[]>;

const CPUINFO_KEYS =
  /^(model name|Processor|vendor_id|cpu|Vendor|processor|physical id|core id|cpu cores|siblings|# processors|ncpus active|machine)[ \t\n\v\f\r]*:/;
const MEMINFO_KEYS = /^(MemTotal|MemFree|SwapTotal|SwapFree|SwapCached|Buffers|Cached):/;
const NET_ATTRS = ['operstate', 'type', 'address', 'mtu', 'flags', 'speed'];

/** The files section's `path:line` lines, per path (no path the script reads has a colon). */
export function fileLines(lines: string[]): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const path = line.slice(0, i);
    let list = files.get(path);
    if (!list) files.set(path, (list = []));
    list.push(line.slice(i + 1));
  }
  return files;
}

/** The number of CPUs in a cpu list such as `0-3,8` (len(os.sched_getaffinity(0))). */
export function cpuListCount(list: string | undefined): number {
  let n = 0;
  for (const part of (list ?? '').split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (m) n += m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
  }
  return n;
}

/** The variables a shell gets from `. /etc/os-release` (double, single and no quotes). */
export function shellAssignments(lines: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of lines) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = '';
    const text = m[2];
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "'") {
        const end = text.indexOf("'", i + 1);
        value += text.slice(i + 1, end < 0 ? text.length : end);
        i = end < 0 ? text.length : end;
      } else if (c === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) {
          if (text[i] === '\\' && '$`"\\'.includes(text[i + 1] ?? '')) i++;
          value += text[i];
        }
      } else if (c === '\\') value += text[++i] ?? '';
      else if (c === ' ' || c === '\t') break;
      else value += c;
    }
    vars[m[1]] = value;
  }
  return vars;
}

/**
 * `lsb_release -a` as Debian's lsb-release-minimal prints it: os-release sourced, the ID's
 * first letter upper-cased (ASCII, as its cut/tr do), NAME instead when they differ only in case.
 */
export function lsbMinimal(osRelease: string[]): string[] {
  const v = shellAssignments(osRelease);
  let id = v.ID ?? '';
  id = id.slice(0, 1).replace(/[a-z]/, (c) => c.toUpperCase()) + id.slice(1);
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (v.NAME !== undefined && lower(id) === lower(v.NAME)) id = v.NAME;
  return [
    `Distributor ID:\t${id || 'n/a'}`,
    `Description:\t${v.PRETTY_NAME || 'n/a'}`,
    `Release:\t${v.VERSION_ID || 'n/a'}`,
    `Codename:\t${v.VERSION_CODENAME || 'n/a'}`,
  ];
}

/** The old sections from the compact ones; `s` is the script's output split by facts.ts. */
export function expandSections(s: Sections): Sections {
  const dump = s.get('files');
  if (!dump) return s;
  const files = fileLines(dump);
  const file = (p: string) => files.get(p) ?? [];
  const first = (p: string) => files.get(p)?.[0];
  const get = (name: string) => s.get(name) ?? [];
  const out = new Map(s);
  out.delete('files');

  // /proc/sys/kernel, else uname -snrvm: sysname nodename release version… machine
  const words = (get('uname')[0] ?? '').split(' ');
  const kernel = (k: string) => first(`/proc/sys/kernel/${k}`) ?? '';
  if (words[0] === 'proc')
    out.set('uname', [
      kernel('hostname'),
      kernel('osrelease'),
      kernel('version'),
      kernel('arch'),
      kernel('ostype'),
    ]);
  else if (words.length >= 5)
    out.set('uname', [words[1], words[2], words.slice(3, -1).join(' '), words[words.length - 1], words[0]]);
  out.set('fqdn', get('fqdn').slice(0, 1));

  const cpuinfo = file('/proc/cpuinfo');
  const status = file('/proc/self/status');
  const statusField = (key: string) =>
    status
      .find((l) => l.startsWith(`${key}:`))
      ?.slice(key.length + 1)
      .trim() ?? '';
  const nproc =
    cpuListCount(statusField('Cpus_allowed_list')) || cpuinfo.filter((l) => l.startsWith('processor')).length;
  const firstOf = (prefix: string) => cpuinfo.find((l) => l.startsWith(prefix));
  const model = firstOf('model name');
  out.set('cpu', [
    String(nproc),
    String(new Set(cpuinfo.filter((l) => l.startsWith('physical id'))).size),
    model === undefined ? '' : model.slice(model.indexOf(':') + 1),
    firstOf('cpu cores') ?? '',
    firstOf('siblings') ?? '',
  ]);
  out.set(
    'cpuinfo',
    cpuinfo.filter((l) => CPUINFO_KEYS.test(l)),
  );
  out.set(
    'meminfo',
    file('/proc/meminfo').filter((l) => MEMINFO_KEYS.test(l)),
  );

  // user: getpass.getuser(), $HOME, then its passwd entry
  const [user = '', home = '', passwd] = get('user');
  const pw = passwd?.split(':');
  const [ruid = '', euid = ''] = statusField('Uid').split(/\s+/);
  const [rgid = ''] = statusField('Gid').split(/\s+/);
  out.set('user', pw && pw.length >= 7 ? [user, pw[2], pw[3], pw[5], pw[6]] : [user, euid, rgid, home, '']);

  const date = get('date');
  if (date.length >= 3 && date[1].includes('|')) {
    const zone = (line: string) => line.split('|').slice(10, 12).join(' ');
    out.set('date', [date[0], '', zone(date[1]), zone(date[2])]);
  }

  const ip = get('ip');
  if (ip.length) {
    const addr = ip.filter((l) => /^\d+:\s+\S+\s+inet6? /.test(l));
    out.set('alladdrs', addr);
    out.set(
      'links',
      ip.filter((l) => /^\d+: /.test(l) && !addr.includes(l)),
    );
    out.set(
      'addrs',
      addr
        .map((l) => l.split(/\s+/))
        .filter((w) => w[2] === 'inet')
        .map((w) => `${w[1]} ${w[3]}`),
    );
    out.set('route', ip.filter((l) => l.startsWith(`${ROUTE_V4} `)).slice(0, 1));
    out.set('route6', ip.filter((l) => l.startsWith(`${ROUTE_V6} `)).slice(0, 1));
  }

  const selinux = get('selinux');
  out.set('selinux', [
    ...selinux.filter((l) => l === 'lib'),
    ...(selinux.includes('enforce')
      ? [
          `enforce ${first('/sys/fs/selinux/enforce') ?? ''}`,
          `policyvers ${first('/sys/fs/selinux/policyvers') ?? ''}`,
          ...file('/etc/selinux/config').filter((l) => /^SELINUX(TYPE)?=/.test(l)),
        ]
      : []),
  ]);
  out.set('misc', [
    first('/proc/1/comm') ?? 'unknown',
    get('misc')[0] ?? '',
    first('/etc/debian_version') ?? '',
  ]);
  out.set('osrelease', file('/etc/os-release'));
  const osRelease = files.has('/etc/os-release') ? file('/etc/os-release') : file('/usr/lib/os-release');
  if (s.has('lsbminimal')) out.set('lsb', lsbMinimal(osRelease));
  else if (!get('lsb').length) out.set('lsb', file('/etc/lsb-release'));
  out.delete('lsbminimal');

  out.set('sysnet', sysnetLines(get('sysnet'), files, s));

  const sys = get('sys');
  out.set('sys', [
    first('/proc/uptime') ?? '',
    first('/proc/loadavg') ?? '',
    first('/var/lib/dbus/machine-id') || first('/etc/machine-id') || '',
    euid,
    ruid,
    // Ansible's effective_group_id is os.getgid() (sic)
    rgid,
    rgid,
    elfBits(get('bits')[0] ?? ''),
    sys[0] ?? 'disabled',
    'disabled',
    first('/proc/sys/crypto/fips_enabled') ?? '0',
    pw?.[4] ?? '',
  ]);
  out.set('resolv', file('/etc/resolv.conf'));
  if (get('dmi')[0] === 'sys')
    out.set(
      'dmi',
      DMI_KEYS.map((k) => `${k}=${first(`/sys/devices/virtual/dmi/id/${k}`) ?? ''}`),
    );
  const mountinfo = file('/proc/self/mountinfo').map(mountinfoEntry);
  if (get('findmnt')[0] === 'mountinfo') out.set('findmnt', bindTargets(mountinfo));
  const chroot = get('chroot');
  const ino = /^ino (\d+) (\d*)$/.exec(chroot[0] ?? '');
  if (ino) out.set('chroot', [`fs ${mountinfo.find((m) => m.id === ino[2])?.fstype ?? ''}`, `0 ${ino[1]}`]);
  const keys: string[] = [];
  for (const dir of ['/etc/ssh', '/etc/openssh', '/etc'])
    for (const algo of SSH_KEY_ALGOS) {
      const key = first(`${dir}/ssh_host_${algo}_key.pub`);
      if (key !== undefined) keys.push(`${dir} ${algo} ${key}`);
    }
  out.set('sshkeys', keys);
  out.set('cmdline', file('/proc/cmdline'));
  const iqn = file('/etc/iscsi/initiatorname.iscsi').find((l) => l.startsWith('InitiatorName='));
  out.set('initiators', [`iqn ${iqn?.slice(14) ?? ''}`, `nqn ${first('/etc/nvme/hostnqn') ?? ''}`]);
  const container = first('/run/systemd/container');
  out.set('virt', [
    ...file('/proc/1/cgroup').map((l) => `cg ${l}`),
    ...get('environ')
      .filter((l) => l.includes('container='))
      .map((l) => `env ${l}`),
    ...get('virt'),
    ...file('/proc/xen/capabilities').map((l) => `xen ${l}`),
    ...(container === undefined ? [] : [`sdc ${container}`]),
    ...status.filter((l) => l.startsWith('VxID:')).map((l) => `vx ${l}`),
    ...file('/proc/modules').flatMap((l) => {
      const m = /^(kvm|vboxdrv|virtio) /.exec(l);
      return m ? [`mod ${m[1]}`] : [];
    }),
  ]);
  out.delete('environ');
  out.delete('bits');
  const python = get('python');
  if (python.length)
    out.set('python', [
      python[0],
      ...python.slice(1).flatMap((l) => {
        const m = /^Python ([0-9.]*)/.exec(l);
        return m ? [m[1]] : [];
      }),
    ]);
  out.set('devlinks', devlinkLines(get('devlinks'), get('lspci')));
  out.set('blockdevs', blockdevLines(get('blockdevs'), files, s));
  out.set('mounts', mountLines(get('mounts'), s));
  for (const name of [...out.keys()])
    if (/^(ethk|etht|sginq|udev) /.test(name) || name === 'lspci' || name === 'ip') out.delete(name);
  return out;
}

/** userspace_bits from the interpreter's first bytes (ELF class 1 or 2), or getconf's answer. */
function elfBits(line: string): string {
  if (!line.startsWith('\x7fELF')) return line.trim();
  return { 1: '32', 2: '64' }[line.charCodeAt(4)] ?? '';
}

interface MountinfoEntry {
  id: string;
  root: string;
  target: string;
  fstype: string;
  source: string;
}

const unescapeMountinfo = (s: string) =>
  s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/** A /proc/self/mountinfo line: id parent dev root target options [optional…] - fstype source super. */
function mountinfoEntry(line: string): MountinfoEntry {
  const w = line.split(' ');
  const dash = w.indexOf('-', 6);
  return {
    id: w[0],
    root: unescapeMountinfo(w[3] ?? ''),
    target: unescapeMountinfo(w[4] ?? ''),
    fstype: dash < 0 ? '' : (w[dash + 1] ?? ''),
    source: dash < 0 ? '' : unescapeMountinfo(w[dash + 2] ?? ''),
  };
}

/**
 * _find_bind_mounts: `findmnt --list --noheadings --notruncate | awk '$2 ~ /]/ {print $1}'`.
 * findmnt's SOURCE is `source[root]` when the mount's root is not / (a bind mount, a btrfs
 * subvolume); the awk's fields are split on blanks, as here.
 */
function bindTargets(mountinfo: MountinfoEntry[]): string[] {
  return mountinfo.flatMap((m) => {
    const source = m.root && m.root !== '/' && m.source ? `${m.source}[${m.root}]` : m.source;
    const w = `${m.target} ${source}`.trim().split(/\s+/);
    return w[1]?.includes(']') ? [w[0]] : [];
  });
}

/** `dev/key:value` lines: the script's own, then each device's /sys/class/net files. */
function sysnetLines(lines: string[], files: Map<string, string[]>, s: Sections): string[] {
  const out: string[] = [];
  const devices: string[] = [];
  const value = (dev: string, f: string) => files.get(`/sys/class/net/${dev}/${f}`)?.[0] ?? '';
  for (const line of lines) {
    const m = /^([^/\s]+)\/([^:]+):(.*)$/.exec(line);
    if (!m) continue;
    const [, dev, key] = m;
    if (key === 'dir') devices.push(dev);
    if (key === 'bonding_slave') {
      out.push(`${dev}/perm_hwaddr:${value(dev, 'bonding_slave/perm_hwaddr')}`);
      continue;
    }
    out.push(line);
    if (key === 'bridge')
      out.push(
        `${dev}/bridge_id:${value(dev, 'bridge/bridge_id')}`,
        `${dev}/stp_state:${value(dev, 'bridge/stp_state')}`,
      );
    if (key === 'bonding')
      for (const k of BOND_KEYS) out.push(`${dev}/bond_${k}:${value(dev, `bonding/${k}`)}`);
  }
  for (const dev of devices) {
    for (const attr of NET_ATTRS)
      for (const v of files.get(`/sys/class/net/${dev}/${attr}`) ?? []) out.push(`${dev}/${attr}:${v}`);
    for (const kind of ['ethk', 'etht'])
      for (const l of s.get(`${kind} ${dev}`) ?? []) out.push(`${dev}/${kind}:${l}`);
  }
  return out;
}

/** `by-id name target` lines from `ls -l` of the /dev/disk dirs, slaves, `pci …` from lspci -D. */
function devlinkLines(lines: string[], lspci: string[]): string[] {
  const out: string[] = [];
  let type = '';
  for (const line of lines) {
    const header = /^\/dev\/disk\/(by-id|by-uuid|by-label):$/.exec(line);
    if (header) type = header[1];
    else if (line.startsWith('slave ')) out.push(line);
    else if (line.includes(' -> ') && type) {
      const w = line.trim().split(/\s+/);
      out.push(`${type} ${w[w.length - 3]} ${w[w.length - 1]}`);
    }
  }
  for (const line of lspci) out.push(`pci ${line}`);
  return out;
}

/** The blockdevs lines get_device_facts' parser reads, with each disk's and partition's files. */
function blockdevLines(lines: string[], files: Map<string, string[]>, s: Sections): string[] {
  const out: string[] = [];
  const fileLinesOf = (prefix: string, names: string[]) =>
    names.flatMap((f) => (files.get(`/sys/block/${prefix}/${f}`) ?? []).map((v) => `${prefix}/${f}:${v}`));
  let disk = '';
  let diskFilesDone = true;
  const diskFiles = () => {
    if (diskFilesDone) return;
    out.push(...fileLinesOf(disk, BLOCK_DISK_FILES));
    diskFilesDone = true;
  };
  for (const line of lines) {
    if (line.startsWith('B ')) {
      diskFiles();
      disk = line.split(' ')[1];
      diskFilesDone = false;
      out.push(line);
    } else if (line === 'physical') out.push(line);
    else if (line === 'sg') {
      diskFiles();
      const serial = (s.get(`sginq ${disk}`) ?? [])
        .map((l) => /.*[Ss]erial number:[ \t\n\v\f\r]*([A-Za-z0-9_]*).*/.exec(l)?.[1])
        .find((v) => v !== undefined);
      out.push(`sg ${serial ?? ''}`);
    } else if (line.startsWith('P ')) {
      diskFiles();
      const part = line.slice(2);
      out.push(line, ...fileLinesOf(`${disk}/${part}`, BLOCK_PART_FILES));
    } else if (line.startsWith('H ')) {
      diskFiles();
      const [, owner, dm] = line.split(' ');
      const dir = owner === disk ? disk : `${disk}/${owner}`;
      out.push(`${line} ${files.get(`/sys/block/${dir}/holders/${dm}/dm/name`)?.[0] ?? ''}`);
    }
  }
  diskFiles();
  return out;
}

/** `M`, `S` and `U` lines per mount, in mtab order, as the old per-mount loop printed them. */
function mountLines(lines: string[], s: Sections): string[] {
  const stats = new Map<string, string>();
  for (const line of lines) {
    if (!line.startsWith('S ')) continue;
    const w = line.split(' ');
    if (w[1] === 'timeout') stats.set(w.slice(2).join(' '), 'S timeout');
    else if (w.length >= 8) stats.set(w.slice(7).join(' '), w.slice(0, 7).join(' '));
  }
  const out: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('M ')) continue;
    const [, device, mount] = line.split(' ');
    out.push(line);
    const stat = stats.get(mount);
    if (stat) out.push(stat);
    const udev = s.get(`udev ${device}`);
    if (udev) {
      const uuid = udev.find((l) => l.startsWith('ID_FS_UUID='));
      out.push(`U ${uuid?.slice('ID_FS_UUID='.length) ?? ''}`);
    }
  }
  return out;
}
