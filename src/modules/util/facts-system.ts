/**
 * The facts Ansible 2.14's Linux collectors add beyond the basics in facts.ts: one dict per
 * network interface (`ansible_eth0.ipv4.address`), DNS, load, uptime, ids, security
 * modules. Each reads a section of the one-round-trip facts script (setup.ts).
 */

/** `ansible_<iface>` dicts and `ansible_interfaces`, from `ip -o link` and `ip -o addr`. */
export function interfaceFacts(links: string[], addrs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names: string[] = [];
  const ipv6All: string[] = [];
  for (const line of links) {
    const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>\s+mtu\s+(\d+)/.exec(line);
    if (!m) continue;
    const [, dev, flagText, mtu] = m;
    const flags = flagText.split(',');
    const mac = /link\/(\S+)\s+([0-9a-f:]{17})/.exec(line);
    const iface: Record<string, unknown> = {
      device: dev,
      active: flags.includes('UP'),
      mtu: Number(mtu),
      promisc: flags.includes('PROMISC'),
      type: mac?.[1] === 'loopback' ? 'loopback' : mac?.[1] === 'ether' ? 'ether' : (mac?.[1] ?? 'unknown'),
    };
    if (mac && mac[1] !== 'loopback') iface.macaddress = mac[2];
    names.push(dev);
    out[`ansible_${dev.replace(/[-.:]/g, '_')}`] = iface;
  }
  for (const line of addrs) {
    const m = /^\d+:\s+(\S+)\s+(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)(?:\s+brd\s+(\S+))?.*?\bscope\s+(\S+)/.exec(
      line,
    );
    if (!m) continue;
    const [, dev, family, address, prefix, brd, scope] = m;
    const iface = out[`ansible_${dev.replace(/[-.:]/g, '_')}`] as Record<string, unknown> | undefined;
    if (!iface) continue;
    if (family === 'inet') {
      if (iface.ipv4) continue; // Ansible keeps the first; the others go to ipv4_secondaries
      const mask = Number(prefix) === 0 ? 0 : (0xffffffff << (32 - Number(prefix))) >>> 0;
      const octets = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
      const ip = address.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
      iface.ipv4 = {
        address,
        broadcast: brd ?? '',
        netmask: octets(mask),
        network: octets((ip & mask) >>> 0),
        prefix,
      };
    } else {
      ((iface.ipv6 ??= []) as unknown[]).push({ address, prefix, scope });
      if (scope !== 'host') ipv6All.push(address);
    }
  }
  out.ansible_interfaces = names;
  out.ansible_all_ipv6_addresses = ipv6All;
  return out;
}

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
    ansible_is_chroot: false,
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
