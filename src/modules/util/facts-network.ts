/**
 * The network collector's Linux facts (network/linux.py in Ansible 2.14): one dict per
 * interface from /sys/class/net and `ip addr`, default_ipv4/default_ipv6 from `ip route get`,
 * and the all_ipv4/all_ipv6 address lists.
 */

const INTERFACE_TYPE: Record<string, string> = {
  '1': 'ether',
  '32': 'infiniband',
  '512': 'ppp',
  '772': 'loopback',
  '65534': 'tunnel',
};

type Dict = Record<string, unknown>;

/** `ip -4|-6 route get <addr>` first line: interface, address, gateway (get_default_interfaces). */
export function defaultRoute(line: string | undefined, queried: string): Dict {
  const out: Dict = {};
  const words = (line ?? '').trim().split(/\s+/);
  if (words[0] !== queried) return out;
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === 'dev') out.interface = words[i + 1];
    else if (words[i] === 'src') out.address = words[i + 1];
    else if (words[i] === 'via' && words[i + 1] !== queried) out.gateway = words[i + 1];
  }
  return out;
}

function ipv4Numbers(address: string, prefix: string) {
  const bits = Number(prefix);
  const mask = bits <= 0 ? 0 : (0xffffffff << (32 - Math.min(bits, 32))) >>> 0;
  const octets = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
  const ip = address.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
  return { netmask: octets(mask), network: octets((ip & mask) >>> 0) };
}

/** get_ethtool_data: `ethtool -k` features and `ethtool -T` timestamping, when they answered. */
export function ethtoolData(features: string | undefined, timestamping: string | undefined): Dict {
  const out: Dict = {};
  if (features !== undefined) {
    const f: Record<string, string> = {};
    for (const line of features.trim().split('\n')) {
      if (!line || line.endsWith(':')) continue;
      const [key, value] = line.split(': ');
      if (value) f[key.trim().replaceAll('-', '_')] = value.trim();
    }
    out.features = f;
  }
  if (timestamping !== undefined) {
    out.timestamping = [...timestamping.matchAll(/SOF_TIMESTAMPING_(\w+)/g)].map((m) => m[1].toLowerCase());
    out.hw_timestamp_filters = [...timestamping.matchAll(/HWTSTAMP_FILTER_(\w+)/g)].map((m) =>
      m[1].toLowerCase(),
    );
    const phc = /PTP Hardware Clock: (\d+)/.exec(timestamping);
    if (phc) out.phc_index = Number(phc[1]);
  }
  return out;
}

/** `dev/key:value` lines of the sysnet section, per device in listing order. */
function sysAttributes(lines: string[]): Map<string, Map<string, string>> {
  const devices = new Map<string, Map<string, string>>();
  for (const line of lines) {
    const m = /^([^/\s]+)\/([^:]+):(.*)$/.exec(line);
    if (!m) continue;
    let attrs = devices.get(m[1]);
    if (!attrs) devices.set(m[1], (attrs = new Map()));
    // ethtool output keeps one entry per line
    if (m[2] === 'ethk' || m[2] === 'etht') attrs.set(m[2], `${attrs.get(m[2]) ?? ''}${m[3]}\n`);
    else attrs.set(m[2], m[3].trim());
  }
  return devices;
}

/**
 * Interface dicts keyed by device, addresses and default routes merged in, as
 * get_interfaces_info builds them. `addrs` are `ip -o addr show` lines.
 */
export function networkFacts(sysnet: string[], addrs: string[], route4?: string, route6?: string): Dict {
  const defaultIpv4 = defaultRoute(route4, '8.8.8.8');
  const defaultIpv6 = defaultRoute(route6, '2404:6800:400a:800::1012');
  const interfaces = new Map<string, Dict>();
  const all4: string[] = [];
  const all6: string[] = [];
  const byDevice = new Map<string, string[][]>();
  for (const line of addrs) {
    const m = /^\d+:\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const words = m[2].split('\\')[0].trim().split(/\s+/);
    const list = byDevice.get(m[1]) ?? [];
    list.push(words);
    byDevice.set(m[1], list);
  }
  for (const [device, attrs] of sysAttributes(sysnet)) {
    const iface: Dict = { device };
    interfaces.set(device, iface);
    const macaddress = attrs.get('address');
    if (macaddress && macaddress !== '00:00:00:00:00:00') iface.macaddress = macaddress;
    if (attrs.has('mtu')) iface.mtu = Number(attrs.get('mtu'));
    if (attrs.has('operstate')) iface.active = attrs.get('operstate') !== 'down';
    if (attrs.get('module')) iface.module = attrs.get('module');
    if (attrs.has('type')) iface.type = INTERFACE_TYPE[attrs.get('type') as string] ?? 'unknown';
    if (attrs.has('bridge')) {
      iface.type = 'bridge';
      iface.interfaces = (attrs.get('brif') ?? '').split(/\s+/).filter(Boolean);
      iface.id = attrs.get('bridge_id') ?? '';
      iface.stp = attrs.get('stp_state') === '1';
    }
    if (attrs.has('bonding')) {
      iface.type = 'bonding';
      iface.slaves = (attrs.get('bond_slaves') ?? '').split(/\s+/).filter(Boolean);
      for (const k of ['mode', 'miimon', 'lacp_rate'])
        iface[k] = (attrs.get(`bond_${k}`) ?? '').split(/\s+/)[0];
      const primary = attrs.get('bond_primary');
      if (primary) {
        iface.primary = primary;
        if (attrs.has('bond_all_slaves_active'))
          iface.all_slaves_active = attrs.get('bond_all_slaves_active') === '1';
      }
    }
    if (attrs.has('perm_hwaddr')) iface.perm_macaddress = attrs.get('perm_hwaddr');
    if (attrs.get('pciid')) iface.pciid = attrs.get('pciid');
    if (attrs.get('speed')) iface.speed = Number.parseInt(attrs.get('speed') as string, 10);
    if (attrs.has('flags')) iface.promisc = (Number.parseInt(attrs.get('flags') as string, 16) & 0x100) > 0;
    Object.assign(iface, ethtoolData(attrs.get('ethk'), attrs.get('etht')));

    const words = byDevice.get(device) ?? [];
    const primaries = words.filter((w) => !w.includes('secondary'));
    const secondaries = words.filter((w) => w[0] === 'inet' && w.includes('secondary'));
    const parse = (w: string[], secondary: boolean) => {
      if (w[0] === 'inet') {
        let [address, prefix] = w[1].split('/');
        let broadcast = '';
        if (prefix === undefined) prefix = '32';
        else if (w.length > 3 && w[2] === 'brd') broadcast = w[3];
        const v4 = { address, broadcast, ...ipv4Numbers(address, prefix), prefix };
        const label = w[w.length - 1];
        if (label !== device) interfaces.set(label, {});
        const target = interfaces.get(label) as Dict;
        if (!secondary && !target.ipv4) target.ipv4 = v4;
        else ((target.ipv4_secondaries ??= []) as unknown[]).push(v4);
        if (secondary) {
          iface.ipv4_secondaries ??= [];
          if (device !== label) (iface.ipv4_secondaries as unknown[]).push(v4);
        }
        if (defaultIpv4.address === address) {
          Object.assign(defaultIpv4, {
            broadcast,
            netmask: v4.netmask,
            network: v4.network,
            prefix,
            macaddress: macaddress ?? 'unknown',
            mtu: iface.mtu,
            type: iface.type ?? 'unknown',
            alias: label,
          });
        }
        if (!address.startsWith('127.')) all4.push(address);
      } else if (w[0] === 'inet6') {
        let address: string;
        let prefix: string;
        let scope: string;
        if (w[2] === 'peer') {
          address = w[1];
          prefix = w[3].split('/')[1];
          scope = w[5];
        } else {
          [address, prefix] = w[1].split('/');
          scope = w[3];
        }
        ((iface.ipv6 ??= []) as unknown[]).push({ address, prefix, scope });
        if (defaultIpv6.address === address) {
          Object.assign(defaultIpv6, {
            prefix,
            scope,
            macaddress: macaddress ?? 'unknown',
            mtu: iface.mtu,
            type: iface.type ?? 'unknown',
          });
        }
        if (address !== '::1') all6.push(address);
      }
    };
    for (const w of primaries) parse(w, false);
    for (const w of secondaries) parse(w, true);
  }
  const out: Dict = {};
  const names: string[] = [];
  for (const [name, iface] of interfaces) {
    const key = name.replaceAll(':', '_');
    names.push(key);
    out[`ansible_${key.replaceAll('-', '_')}`] = iface;
  }
  out.ansible_interfaces = names;
  out.ansible_default_ipv4 = defaultIpv4;
  out.ansible_default_ipv6 = defaultIpv6;
  out.ansible_all_ipv4_addresses = all4;
  out.ansible_all_ipv6_addresses = all6;
  return out;
}
