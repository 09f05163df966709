/** Parses the output of the facts script (facts-script.ts) into Ansible-named facts. */

import { appendAll } from '../../collections/append-all.js';
import { deviceFacts } from './facts-devices.js';
import { expandSections } from './facts-expand.js';
import { cpuFacts, dmiFacts, dmiValues, lvmFacts, memoryFacts, mountFacts } from './facts-hardware.js';
import { localFacts } from './facts-local.js';
import { networkFacts } from './facts-network.js';
import { pkgMgr, serviceMgr } from './facts-services.js';
import {
  capsFacts,
  chrootFacts,
  cmdlineFacts,
  selinuxFacts,
  sshKeyFacts,
  systemFacts,
} from './facts-system.js';
import { virtualFacts } from './facts-virtual.js';

const DISTRIBUTIONS: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  centos: 'CentOS',
  rhel: 'RedHat',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  amzn: 'Amazon',
  alpine: 'Alpine',
  arch: 'Archlinux',
  opensuse: 'openSUSE',
  'opensuse-leap': 'openSUSE Leap',
  sles: 'SLES',
  linuxmint: 'Linux Mint',
};
const FAMILIES: Record<string, string> = {
  Debian: 'Debian',
  Ubuntu: 'Debian',
  'Linux Mint': 'Debian',
  CentOS: 'RedHat',
  RedHat: 'RedHat',
  Fedora: 'RedHat',
  Rocky: 'RedHat',
  AlmaLinux: 'RedHat',
  Amazon: 'RedHat',
  Alpine: 'Alpine',
  Archlinux: 'Archlinux',
  openSUSE: 'Suse',
  'openSUSE Leap': 'Suse',
  SLES: 'Suse',
};
const PKG_MGR: Record<string, string> = {
  'apt-get': 'apt',
  dnf: 'dnf',
  yum: 'yum',
  zypper: 'zypper',
  apk: 'apk',
  pacman: 'pacman',
};

/** The script's output by `@@name` section; a section opened again (after a nested one) goes on. */
function sections(out: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('@@')) current.push(line);
    else {
      const name = line.slice(2).trim();
      current = map.get(name) ?? [];
      map.set(name, current);
    }
  }
  for (const lines of map.values()) while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return map;
}

function keyValues(lines: string[], sep: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(sep);
    if (i > 0)
      out[line.slice(0, i)] = line
        .slice(i + sep.length)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return out;
}

export function parseFacts(out: string): Record<string, unknown> {
  return gatherFacts(out).facts;
}

/** socket.getfqdn(): the first name with a dot among those of the node's address, else the first. */
function fqdnOf(line: string | undefined, nodename: string): string {
  const names = (line ?? '').trim().split(/\s+/).slice(1);
  if (names.length === 0) return nodename;
  return names.find((n) => n.includes('.')) ?? names[0];
}

/** All facts the script output yields (before gather_subset/filter), and warnings per collector. */
export function gatherFacts(out: string): {
  facts: Record<string, unknown>;
  warnings: { collector: string; msg: string }[];
} {
  const s = expandSections(sections(out));
  const get = (name: string) => s.get(name) ?? [];
  const [nodename, kernel, kernelVersion, machine, system] = get('uname');
  const [hostnameOut, fqdnOut] = get('host');
  const fqdn = s.has('fqdn') ? fqdnOf(get('fqdn')[0], nodename) : fqdnOut;
  const hostname = s.has('fqdn') ? nodename : hostnameOut;
  const [nproc, sockets, model] = get('cpu');
  const [userId, uid, gid, home, shell] = get('user');
  const f: Record<string, unknown> = {
    ansible_nodename: nodename,
    ansible_hostname: hostname?.split('.')[0],
    ansible_fqdn: fqdn,
    ansible_domain: fqdn?.split('.').slice(1).join('.') ?? '',
    ansible_kernel: kernel,
    ansible_kernel_version: kernelVersion,
    ansible_architecture: machine,
    ansible_machine: machine,
    ansible_system: system,
    ansible_processor_vcpus: Number(nproc),
    ansible_processor_nproc: Number(nproc),
    ansible_processor_count: Math.max(1, Number(sockets) || 1),
    ansible_processor: model ? [model.trim()] : [],
    ansible_user_id: userId,
    ansible_user_uid: Number(uid),
    ansible_user_gid: Number(gid),
    ansible_user_dir: home,
    ansible_user_shell: shell,
    ansible_local: {},
  };
  Object.assign(
    f,
    dateFacts(get('date')),
    interfaceFallback(get('route'), get('addrs')),
    memoryFacts(get('meminfo')),
    systemFacts(get('sys'), get('resolv'), get('cpu')),
  );
  if (s.has('sysnet'))
    Object.assign(f, networkFacts(get('sysnet'), get('alladdrs'), get('route')[0], get('route6')[0]));
  if (s.has('cpuinfo')) Object.assign(f, cpuFacts(get('cpuinfo'), Number(nproc), machine ?? ''));
  const bits = f.ansible_userspace_bits;
  if (machine === 'x86_64' && (bits === '64' || bits === '32'))
    f.ansible_userspace_architecture = bits === '64' ? 'x86_64' : 'i386';
  if (s.has('selinux')) Object.assign(f, selinuxFacts(get('selinux')));
  const [python, pyVersion] = get('python');
  if (python) {
    const [major, minor, micro] = (pyVersion ?? '').split('.').map(Number);
    f.ansible_python = {
      executable: python,
      version: { major, minor, micro, releaselevel: 'final', serial: 0 },
      version_info: [major, minor, micro, 'final', 0],
      type: 'cpython',
      has_sslcontext: true,
    };
    f.ansible_python_version = pyVersion;
  }
  const [init, pkg, debianVersion] = get('misc');
  f.ansible_service_mgr = serviceMgr(get('svc')) ?? (init === 'systemd' ? 'systemd' : init);
  f.ansible_pkg_mgr = PKG_MGR[pkg] ?? 'unknown';
  const os = keyValues(get('osrelease'), '=');
  const id = (os.ID ?? '').toLowerCase();
  const dist = DISTRIBUTIONS[id] ?? (os.NAME ? os.NAME.split(' ')[0] : system);
  let version = os.VERSION_ID ?? '';
  if (dist === 'Debian' && /^\d+(\.\d+)*$/.test(debianVersion ?? '')) version = debianVersion;
  Object.assign(f, {
    ansible_distribution: dist,
    ansible_distribution_version: version,
    ansible_distribution_major_version: version.split('.')[0] || 'NA',
    ansible_distribution_release: os.VERSION_CODENAME ?? 'NA',
    ansible_os_family: FAMILIES[dist] ?? dist,
  });
  const minor = version.split('.')[1];
  if (minor !== undefined) f.ansible_distribution_minor_version = minor;
  const file = DISTRIBUTION_FILES[FAMILIES[dist] ?? dist];
  if (file) {
    f.ansible_distribution_file_parsed = true;
    f.ansible_distribution_file_path = file.path;
    f.ansible_distribution_file_variety = file.variety;
  }
  f.ansible_lsb = lsbFacts(get('lsb'));
  const env = keyValues(get('env'), '=');
  // Ansible's module is a python started by /bin/sh: bash passes it `_=/bin/sh`
  if ('_' in env) env._ = '/bin/sh';
  f.ansible_env = env;
  f.ansible_pkg_mgr = s.has('pkg')
    ? pkgMgr(get('pkg'), f.ansible_os_family as string, dist, f.ansible_distribution_major_version as string)
    : f.ansible_pkg_mgr;
  const dmi = dmiValues(get('dmi'));
  Object.assign(
    f,
    dmiFacts(get('dmi')),
    sshKeyFacts(get('sshkeys')),
    cmdlineFacts(get('cmdline')),
    s.has('caps') ? capsFacts(get('caps')) : {},
    chrootFacts(get('chroot')),
    virtualFacts(get('virt'), dmi, get('cpuinfo')),
  );
  const mountWarnings: string[] = [];
  if (s.has('mounts'))
    Object.assign(f, mountFacts(get('mounts'), get('lsblk'), get('findmnt'), mountWarnings));
  if (s.has('lvm')) Object.assign(f, lvmFacts(get('lvm')));
  if (s.has('blockdevs')) Object.assign(f, deviceFacts(get('devlinks'), get('blockdevs')));
  const initiators = keyValues(get('initiators'), ' ');
  if (s.has('initiators')) {
    f.ansible_iscsi_iqn = initiators.iqn ?? '';
    f.ansible_hostnqn = initiators.nqn ?? '';
    f.ansible_fibre_channel_wwn = [];
  }
  const warnings = mountWarnings.map((msg) => ({ collector: 'hardware', msg }));
  if (get('local')[0] === 'dir') {
    const local = localFacts(get('local'));
    f.ansible_local = local.local;
    appendAll(
      warnings,
      local.warnings.map((msg) => ({ collector: 'local', msg })),
    );
  }
  return { facts: f, warnings };
}

/** The distribution file Ansible's Distribution collector parses, per OS family. */
const DISTRIBUTION_FILES: Record<string, { path: string; variety: string }> = {
  Debian: { path: '/etc/os-release', variety: 'Debian' },
  RedHat: { path: '/etc/redhat-release', variety: 'RedHat' },
  Suse: { path: '/etc/os-release', variety: 'SUSE' },
  Alpine: { path: '/etc/alpine-release', variety: 'Alpine' },
  Archlinux: { path: '/etc/arch-release', variety: 'Archlinux' },
};

/** ansible_lsb from `lsb_release -a` (or /etc/lsb-release's DISTRIB_* keys); {} without either. */
function lsbFacts(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const names: Record<string, string> = {
    'Distributor ID': 'id',
    DISTRIB_ID: 'id',
    Description: 'description',
    DISTRIB_DESCRIPTION: 'description',
    Release: 'release',
    DISTRIB_RELEASE: 'release',
    Codename: 'codename',
    DISTRIB_CODENAME: 'codename',
  };
  for (const line of lines) {
    const m = /^([^:=]+)[:=]\s*(.*)$/.exec(line);
    const key = m && names[m[1].trim()];
    if (key) out[key] = m[2].trim().replace(/^"(.*)"$/, '$1');
  }
  if (out.release) out.major_release = out.release.split('.')[0];
  return out;
}

function dateFacts(lines: string[]): Record<string, unknown> {
  if (!lines[0]) return {};
  const [
    year,
    month,
    weekday,
    weekdayNumber,
    weeknumber,
    day,
    hour,
    minute,
    second,
    epoch,
    tz,
    offset,
    nanos,
  ] = lines[0].split('|');
  // UTC from the same instant as the local fields (GNU date's %s), else from `date -u`
  const utcIso = /^\d+$/.test(epoch ?? '')
    ? new Date(Number(epoch) * 1000).toISOString().slice(0, 19)
    : (lines[1] ?? '').split('|')[0];
  // time.tzname[1]: the zone's DST name (the one with the larger offset), else its only name
  const [jan, jul] = [lines[2], lines[3]].map((l) => {
    const [name, off] = (l ?? '').trim().split(' ');
    return { name, off: Number.parseInt(off ?? '', 10) };
  });
  const tzDst =
    jan.name && jul.name ? (jul.off > jan.off ? jul.name : jan.off > jul.off ? jan.name : jan.name) : tz;
  const micro = (nanos ?? '000000').slice(0, 6);
  return {
    ansible_date_time: {
      year,
      month,
      weekday,
      weekday_number: weekdayNumber,
      weeknumber,
      day,
      hour,
      minute,
      second,
      epoch,
      epoch_int: epoch,
      date: `${year}-${month}-${day}`,
      time: `${hour}:${minute}:${second}`,
      iso8601: `${utcIso}Z`,
      iso8601_micro: `${utcIso}.${micro}Z`,
      iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`,
      iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
      tz,
      tz_dst: tzDst,
      tz_offset: offset,
    },
  };
}

/** default_ipv4 and the address list from the older `ip -4` sections, when /sys is not listed. */
function interfaceFallback(route: string[], addrs: string[]): Record<string, unknown> {
  const all = addrs
    .map((l) => l.split(' '))
    .filter(([, a]) => a)
    .map(([dev, cidr]) => ({ dev, address: cidr.split('/')[0], prefix: Number(cidr.split('/')[1]) }));
  const out: Record<string, unknown> = {
    ansible_all_ipv4_addresses: all.filter((a) => !a.address.startsWith('127.')).map((a) => a.address),
    ansible_default_ipv4: {},
  };
  const line = route[0] ?? '';
  const word = (k: string) => new RegExp(`\\b${k} (\\S+)`).exec(line)?.[1];
  if (word('src')) {
    const iface = word('dev');
    const match = all.find((a) => a.address === word('src'));
    const prefix = match?.prefix ?? 32;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    out.ansible_default_ipv4 = {
      address: word('src'),
      interface: iface,
      alias: iface,
      gateway: word('via') ?? '',
      prefix: String(prefix),
      netmask: [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.'),
      type: iface === 'lo' ? 'loopback' : 'ether',
    };
  }
  return out;
}
