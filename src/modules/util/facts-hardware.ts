/**
 * The hardware collector's Linux facts (hardware/linux.py in Ansible 2.14): processors from
 * /proc/cpuinfo, memory from /proc/meminfo, DMI from /sys, and mounts with statvfs numbers.
 */

/** cpu facts as get_cpu_facts computes them from the cpuinfo lines the script keeps. */
export function cpuFacts(lines: string[], nproc: number, architecture: string): Record<string, unknown> {
  const processor: string[] = [];
  let i = 0;
  let vendorIds = 0;
  let modelNames = 0;
  let processors = 0;
  let physid = '0';
  let coreid = '0';
  const sockets = new Map<string, number>();
  const cores = new Map<string, number>();
  let reportedCores: number | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const key = (colon < 0 ? line : line.slice(0, colon)).trim();
    const val = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor'].includes(key)) {
      processor.push(val);
      if (key === 'vendor_id') vendorIds++;
      if (key === 'model name') modelNames++;
      if (key === 'processor') processors++;
      i++;
    } else if (key === 'physical id') {
      physid = val;
      if (!sockets.has(physid)) sockets.set(physid, 1);
    } else if (key === 'core id') {
      coreid = val;
      // Ansible checks `coreid not in sockets` here (sic)
      if (!sockets.has(coreid)) cores.set(coreid, 1);
    } else if (key === 'cpu cores') sockets.set(physid, Number.parseInt(val, 10));
    else if (key === 'siblings') cores.set(coreid, Number.parseInt(val, 10));
    else if (key === '# processors') reportedCores = Number.parseInt(val, 10);
    else if (key === 'ncpus active') i = Number.parseInt(val, 10);
  }
  if (vendorIds > 0 && vendorIds === modelNames) i = vendorIds;
  if (/^(armv|aarch|ppc)/.test(architecture)) i = processors;
  const out: Record<string, unknown> = { ansible_processor: processor };
  if (reportedCores !== undefined) out.ansible_processor_cores = reportedCores;
  if (architecture === 's390x') return out;
  const count = sockets.size > 0 ? sockets.size : i;
  const firstSocket = [...sockets.values()][0];
  const coresPer = firstSocket ? firstSocket : 1;
  const firstCore = [...cores.values()][0];
  const threads = firstCore !== undefined ? Math.floor(firstCore / coresPer) : Math.floor(1 / coresPer);
  Object.assign(out, {
    ansible_processor_count: count,
    ansible_processor_cores: coresPer,
    ansible_processor_threads_per_core: threads,
    ansible_processor_vcpus: threads * count * coresPer,
    ansible_processor_nproc: Number.isFinite(nproc) && nproc > 0 ? nproc : processors,
  });
  return out;
}

export function memoryFacts(lines: string[]): Record<string, unknown> {
  const kv: Record<string, number> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) kv[line.slice(0, i)] = Math.floor(Number.parseInt(line.slice(i + 1).trim(), 10) / 1024);
  }
  if (kv.MemTotal === undefined) return {};
  const nocacheFree = kv.Cached + kv.MemFree + kv.Buffers;
  return {
    ansible_memtotal_mb: kv.MemTotal,
    ansible_memfree_mb: kv.MemFree,
    ansible_swaptotal_mb: kv.SwapTotal,
    ansible_swapfree_mb: kv.SwapFree,
    ansible_memory_mb: {
      real: { total: kv.MemTotal, used: kv.MemTotal - kv.MemFree, free: kv.MemFree },
      nocache: { free: nocacheFree, used: kv.MemTotal - nocacheFree },
      swap: {
        total: kv.SwapTotal,
        free: kv.SwapFree,
        used: kv.SwapTotal - kv.SwapFree,
        cached: kv.SwapCached ?? null,
      },
    },
  };
}

/** DMI SPEC chassis types, indexed by /sys/…/chassis_type (Ansible's FORM_FACTOR). */
const FORM_FACTOR = [
  'Unknown',
  'Other',
  'Unknown',
  'Desktop',
  'Low Profile Desktop',
  'Pizza Box',
  'Mini Tower',
  'Tower',
  'Portable',
  'Laptop',
  'Notebook',
  'Hand Held',
  'Docking Station',
  'All In One',
  'Sub Notebook',
  'Space-saving',
  'Lunch Box',
  'Main Server Chassis',
  'Expansion Chassis',
  'Sub Chassis',
  'Bus Expansion Chassis',
  'Peripheral Chassis',
  'RAID Chassis',
  'Rack Mount Chassis',
  'Sealed-case PC',
  'Multi-system',
  'CompactPCI',
  'AdvancedTCA',
  'Blade',
  'Blade Enclosure',
  'Tablet',
  'Convertible',
  'Detachable',
  'IoT Gateway',
  'Embedded PC',
  'Mini PC',
  'Stick PC',
];

const DMI_FACTS: [string, string][] = [
  ['bios_date', 'bios_date'],
  ['bios_vendor', 'bios_vendor'],
  ['bios_version', 'bios_version'],
  ['board_asset_tag', 'board_asset_tag'],
  ['board_name', 'board_name'],
  ['board_serial', 'board_serial'],
  ['board_vendor', 'board_vendor'],
  ['board_version', 'board_version'],
  ['chassis_asset_tag', 'chassis_asset_tag'],
  ['chassis_serial', 'chassis_serial'],
  ['chassis_vendor', 'chassis_vendor'],
  ['chassis_version', 'chassis_version'],
  ['form_factor', 'chassis_type'],
  ['product_name', 'product_name'],
  ['product_serial', 'product_serial'],
  ['product_uuid', 'product_uuid'],
  ['product_version', 'product_version'],
  ['system_vendor', 'sys_vendor'],
];

/** `key=value` lines of the dmi section, empty values dropped (get_file_content's None). */
export function dmiValues(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf('=');
    const value = line.slice(i + 1).trim();
    if (i > 0 && value && !line.startsWith('dd ')) out[line.slice(0, i)] = value;
  }
  return out;
}

/** DMI facts, 'NA' for what is missing or unreadable (product_uuid needs root), as Ansible. */
export function dmiFacts(lines: string[]): Record<string, unknown> {
  const dmi = dmiValues(lines);
  const out: Record<string, unknown> = {};
  const dmidecode = lines.filter((l) => l.startsWith('dd '));
  if (dmidecode.length) {
    // dmidecode's answers as printed (form_factor too), 'NA' where it failed
    for (const [fact] of DMI_FACTS) out[`ansible_${fact}`] = 'NA';
    for (const line of dmidecode) {
      const i = line.indexOf('=');
      out[`ansible_${line.slice(3, i)}`] = line.slice(i + 1);
    }
    return out;
  }
  for (const [fact, file] of DMI_FACTS) {
    const value = dmi[file];
    if (value === undefined) out[`ansible_${fact}`] = 'NA';
    else if (fact === 'form_factor') {
      const n = Number.parseInt(value, 10);
      out.ansible_form_factor = FORM_FACTOR[n] ?? `unknown (${value})`;
    } else out[`ansible_${fact}`] = value;
  }
  return out;
}

const unescapeOctal = (s: string) =>
  s.replace(/\\([0-9]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/**
 * ansible_mounts from the mounts section ("M dev mount fstype options", "S frsize bsize blocks
 * bavail files ffree", "U uuid"), lsblk's NAME UUID lines and findmnt's bind-mount targets.
 * A mount point listed twice keeps its first position and its last entry, as Ansible's dict.
 */
export function mountFacts(
  mounts: string[],
  lsblk: string[],
  bindTargets: string[],
  warnings: string[] = [],
): Record<string, unknown> {
  const uuids = new Map<string, string>();
  for (const line of lsblk) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2) continue;
    const uuid = fields.pop() as string;
    const name = fields.join(' ');
    if (!uuids.has(name)) uuids.set(name, uuid);
  }
  const binds = new Set(bindTargets.map((l) => l.trim()).filter(Boolean));
  const byMount = new Map<string, Record<string, unknown>>();
  let current: Record<string, unknown> | undefined;
  let device = '';
  for (const line of mounts) {
    if (line.startsWith('M ')) {
      const [, dev, mount, fstype, options] = line.split(' ').map(unescapeOctal);
      device = dev;
      current = { mount, device: dev, fstype, options: binds.has(mount) ? `${options},bind` : options };
      byMount.set(mount, current);
      current.uuid = uuids.get(dev) ?? 'N/A';
    } else if (line === 'S timeout' && current) {
      // the statvfs call outlived gather_timeout: Ansible keeps the entry with a note, no uuid
      current.note = 'Could not get extra information due to timeout';
      delete current.uuid;
      warnings.push(`Timeout exceeded when getting mount info for ${current.mount}`);
      current = undefined;
    } else if (line.startsWith('S') && current) {
      const n = line.split(' ').slice(1).map(Number);
      if (n.length === 6 && n.every(Number.isFinite)) {
        const [frsize, bsize, blocks, bavail, files, ffree] = n;
        Object.assign(current, {
          size_total: frsize * blocks,
          size_available: frsize * bavail,
          block_size: bsize,
          block_total: blocks,
          block_available: bavail,
          block_used: blocks - bavail,
          inode_total: files,
          inode_available: ffree,
          inode_used: files - ffree,
        });
      }
    } else if (line.startsWith('U') && current) {
      // uuids.get(device, udevadm_uuid(device)): lsblk's answer wins
      const udev = line.slice(2).trim();
      current.uuid = uuids.get(device) ?? (udev || 'N/A');
    }
  }
  return { ansible_mounts: [...byMount.values()] };
}

/** get_lvm_facts: 'N/A' unless root with vgs; else vgs/lvs/pvs from their comma-separated output. */
export function lvmFacts(lines: string[]): Record<string, unknown> {
  if (lines[0] !== 'root') return { ansible_lvm: 'N/A' };
  const vgs: Record<string, unknown> = {};
  const lvs: Record<string, unknown> = {};
  const pvs: Record<string, unknown> = {};
  const mapper = new Map<string, string>();
  for (const line of lines) {
    const m = /^dm (\S+) (.+)$/.exec(line);
    if (m) mapper.set(m[1], `/dev/mapper/${m[2].trim()}`);
  }
  for (const line of lines.slice(1)) {
    const kind = line.slice(0, 3);
    const items = line.slice(3).trim().split(',');
    if (kind === 'vg ')
      vgs[items[0]] = {
        size_g: items[items.length - 2],
        free_g: items[items.length - 1],
        num_lvs: items[2],
        num_pvs: items[1],
      };
    else if (kind === 'lv ') lvs[items[0]] = { size_g: items[3], vg: items[1] };
    else if (kind === 'pv ')
      pvs[mapper.get(items[0]) ?? items[0]] = { size_g: items[4], free_g: items[5], vg: items[1] };
  }
  return { ansible_lvm: { lvs, vgs, pvs } };
}
