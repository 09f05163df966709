/**
 * The facts Ansible 2.14's small Linux collectors add beyond the basics in facts.ts: DNS,
 * load, uptime, ids, security modules, ssh host keys, kernel command line, capabilities,
 * chroot. Each reads a section of the one-round-trip facts script (facts-script.ts).
 */

/**
 * Lines of the `sys` section: uptime, loadavg, machine-id, euid, ruid, egid, rgid, LONG_BIT,
 * apparmor state, selinux state, fips flag, gecos.
 */
export function systemFacts(sys: string[], resolv: string[], cpu: string[]): Record<string, unknown> {
  const [uptime, loadavg, machineId, euid, ruid, egid, rgid, bits, apparmor, selinux, fips, gecos] = sys;
  const [one, five, fifteen] = (loadavg ?? '').split(/\s+/).map(Number);
  const out: Record<string, unknown> = {
    ansible_uptime_seconds: Math.floor(Number((uptime ?? '0').split(/\s+/)[0])),
    ansible_loadavg: { '1m': one, '5m': five, '15m': fifteen },
    ansible_effective_user_id: Number(euid),
    ansible_real_user_id: Number(ruid),
    ansible_effective_group_id: Number(egid),
    ansible_real_group_id: Number(rgid),
    ansible_userspace_bits: bits,
    ansible_apparmor: { status: apparmor === 'enabled' ? 'enabled' : 'disabled' },
    ansible_selinux:
      selinux && selinux !== 'disabled'
        ? { status: 'enabled', mode: selinux.toLowerCase() }
        : { status: 'disabled' },
    ansible_selinux_python_present: false,
    ansible_fips: fips === '1',
    ansible_user_gecos: gecos ?? '',
  };
  if (machineId) out.ansible_machine_id = machineId;
  const dns: Record<string, string[]> = {};
  for (const line of resolv) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key === 'nameserver') (dns.nameservers ??= []).push(values[0]);
    else if (key === 'search') dns.search = values;
    else if (key === 'domain') (dns as Record<string, unknown>).domain = values[0];
  }
  out.ansible_dns = dns;
  // the cpu section ends with "cpu cores : N" and "siblings : N" of the first processor
  const count = (label: string) => Number(/:\s*(\d+)/.exec(cpu.find((l) => l.startsWith(label)) ?? '')?.[1]);
  const cores = count('cpu cores');
  const siblings = count('siblings');
  if (cores > 0) {
    out.ansible_processor_cores = cores;
    out.ansible_processor_threads_per_core = siblings > 0 ? Math.max(1, Math.floor(siblings / cores)) : 1;
  }
  return out;
}

/** ssh_pub_keys.py: `dir algo keytype key …` lines; the first directory with keys wins. */
export function sshKeyFacts(lines: string[]): Record<string, unknown> {
  const keys = new Map<string, string[]>();
  for (const line of lines) {
    const [dir, algo, ...data] = line.split(' ');
    if (data.length >= 2) keys.set(`${dir} ${algo}`, data);
  }
  const out: Record<string, unknown> = {};
  for (const dir of ['/etc/ssh', '/etc/openssh', '/etc']) {
    for (const algo of ['dsa', 'rsa', 'ecdsa', 'ed25519']) {
      const fact = `ansible_ssh_host_key_${algo}_public`;
      // a key found in an earlier directory ends the search (Ansible returns there)
      if (fact in out) return out;
      const data = keys.get(`${dir} ${algo}`);
      if (data) {
        out[fact] = data[1];
        out[`${fact}_keytype`] = data[0];
      }
    }
  }
  return out;
}

/** shlex.split(posix=False): whitespace-separated words, quotes kept; stops at an open quote. */
function splitNonPosix(text: string): string[] {
  const words: string[] = [];
  const re = /\s*((?:[^\s"']|"[^"]*"|'[^']*')+)/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) words.push(m[1]);
  return words;
}

/** cmdline.py: ansible_cmdline (last value wins) and ansible_proc_cmdline (repeats become lists). */
export function cmdlineFacts(lines: string[]): Record<string, unknown> {
  const data = lines.join('\n').trim();
  if (!data) return {};
  const cmdline: Record<string, unknown> = {};
  const proc: Record<string, unknown> = {};
  for (const piece of splitNonPosix(data)) {
    const i = piece.indexOf('=');
    if (i < 0) {
      cmdline[piece] = true;
      proc[piece] = true;
      continue;
    }
    const [key, value] = [piece.slice(0, i), piece.slice(i + 1)];
    cmdline[key] = value;
    const prev = proc[key];
    if (prev === undefined) proc[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else proc[key] = [prev, value];
  }
  return { ansible_cmdline: cmdline, ansible_proc_cmdline: proc };
}

/** caps.py from `capsh --print`: 'ok' then its Current: line, nothing without capsh. */
export function capsFacts(lines: string[]): Record<string, unknown> {
  if (lines[0] !== 'ok')
    return { ansible_system_capabilities_enforced: 'N/A', ansible_system_capabilities: 'N/A' };
  let enforced = 'NA';
  let caps: string[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith('Current:')) continue;
    if (line.split(':')[1].trim() === '=ep') enforced = 'False';
    else {
      enforced = 'True';
      caps = (line.split('=')[1] ?? '').split(',').map((c) => c.trim());
    }
  }
  return { ansible_system_capabilities_enforced: enforced, ansible_system_capabilities: caps };
}

/** chroot.py: / and /proc/1/root differ (device or inode), or / is not the fs root inode. */
export function chrootFacts(lines: string[]): Record<string, unknown> {
  if (lines[0] === 'env') return { ansible_is_chroot: true };
  // the script's `test / -ef /proc/1/root/.` answer
  if (lines[0] === 'same' || lines[0] === 'differ') return { ansible_is_chroot: lines[0] === 'differ' };
  const fs = (lines[0] ?? '').replace(/^fs ?/, '');
  const [root, procRoot] = lines.slice(1);
  if (!root) return {};
  if (procRoot) return { ansible_is_chroot: root !== procRoot };
  const rootIno = fs.includes('btrfs') ? 256 : fs.includes('xfs') ? 128 : 2;
  return { ansible_is_chroot: Number(root.split(' ')[1]) !== rootIno };
}

const SELINUX_MODES: Record<string, string> = { '1': 'enforcing', '0': 'permissive', '-1': 'disabled' };

/** selinux.py via libselinux: `lib` when present, then enforce/policyvers/SELINUX= lines. */
export function selinuxFacts(lines: string[]): Record<string, unknown> {
  if (lines[0] !== 'lib')
    return {
      ansible_selinux: { status: 'Missing selinux Python library' },
      ansible_selinux_python_present: false,
    };
  const kv: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const m = /^(enforce|policyvers) (.*)$|^(SELINUX|SELINUXTYPE)=(.*)$/.exec(line.trim());
    if (m) kv[m[1] ?? m[3]] = (m[2] ?? m[4]).trim().replace(/^"(.*)"$/, '$1');
  }
  if (kv.enforce === undefined)
    return { ansible_selinux: { status: 'disabled' }, ansible_selinux_python_present: true };
  const config = { enforcing: 'enforcing', permissive: 'permissive', disabled: 'disabled' }[
    (kv.SELINUX ?? '').toLowerCase()
  ];
  return {
    ansible_selinux: {
      status: 'enabled',
      policyvers: kv.policyvers ? Number(kv.policyvers) : 'unknown',
      config_mode: config ?? 'unknown',
      mode: SELINUX_MODES[kv.enforce] ?? 'unknown',
      type: kv.SELINUXTYPE || 'unknown',
    },
    ansible_selinux_python_present: true,
  };
}
