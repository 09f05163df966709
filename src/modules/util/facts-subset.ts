/**
 * gather_subset and filter as Ansible 2.14's setup applies them (collector.py's
 * get_collector_names, _solve_deps; ansible_collector.py's _filter): which collectors run,
 * hence which facts are returned.
 */

import { fnmatchToRegExp } from '../../text/fnmatch.js';

/** Linux collectors with their fact ids (usable as subset names) and required collectors. */
const COLLECTORS: Record<string, { ids?: string[]; requires?: string[] }> = {
  platform: {
    ids: ['system', 'kernel', 'kernel_version', 'machine', 'python_version', 'architecture', 'machine_id'],
  },
  distribution: {
    ids: ['distribution_version', 'distribution_release', 'distribution_major_version', 'os_family'],
  },
  lsb: {},
  selinux: {},
  apparmor: {},
  chroot: { ids: ['is_chroot'] },
  fips: {},
  python: {},
  caps: { ids: ['system_capabilities', 'system_capabilities_enforced'] },
  pkg_mgr: { requires: ['distribution'] },
  service_mgr: { requires: ['platform', 'distribution'] },
  cmdline: {},
  date_time: {},
  env: {},
  loadavg: {},
  ssh_pub_keys: {
    ids: [
      'ssh_host_pub_keys',
      'ssh_host_key_dsa_public',
      'ssh_host_key_rsa_public',
      'ssh_host_key_ecdsa_public',
      'ssh_host_key_ed25519_public',
    ],
  },
  user: {
    ids: [
      'user_id',
      'user_uid',
      'user_gid',
      'user_gecos',
      'user_dir',
      'user_shell',
      'real_user_id',
      'effective_user_id',
      'effective_group_ids',
    ],
  },
  virtual: {
    ids: [
      'virtualization_type',
      'virtualization_role',
      'virtualization_tech_guest',
      'virtualization_tech_host',
    ],
  },
  hardware: {
    ids: ['processor', 'processor_cores', 'processor_count', 'mounts', 'devices'],
    requires: ['platform'],
  },
  dns: {},
  fibre_channel_wwn: {},
  network: {
    ids: ['interfaces', 'default_ipv4', 'default_ipv6', 'all_ipv4_addresses', 'all_ipv6_addresses'],
    requires: ['distribution', 'platform'],
  },
  iscsi: {},
  nvme: {},
  local: {},
  facter: {},
  ohai: {},
};

/** setup.py's minimal_gather_subset: gathered even with `!all`. */
const MINIMAL = [
  'apparmor',
  'caps',
  'cmdline',
  'date_time',
  'distribution',
  'dns',
  'env',
  'fips',
  'local',
  'lsb',
  'pkg_mgr',
  'platform',
  'python',
  'selinux',
  'service_mgr',
  'ssh_pub_keys',
  'user',
];

/** Fact name (without `ansible_`) -> collector, for the facts a collector does not share a name with. */
const FACT_COLLECTOR: Record<string, string> = {
  fqdn: 'platform',
  hostname: 'platform',
  nodename: 'platform',
  domain: 'platform',
  userspace_bits: 'platform',
  userspace_architecture: 'platform',
  distribution_minor_version: 'distribution',
  distribution_file_parsed: 'distribution',
  distribution_file_path: 'distribution',
  distribution_file_variety: 'distribution',
  selinux_python_present: 'selinux',
  proc_cmdline: 'cmdline',
  effective_group_id: 'user',
  real_group_id: 'user',
  iscsi_iqn: 'iscsi',
  hostnqn: 'nvme',
  memtotal_mb: 'hardware',
  memfree_mb: 'hardware',
  swaptotal_mb: 'hardware',
  swapfree_mb: 'hardware',
  memory_mb: 'hardware',
  processor_nproc: 'hardware',
  processor_vcpus: 'hardware',
  processor_threads_per_core: 'hardware',
  uptime_seconds: 'hardware',
  lvm: 'hardware',
  device_links: 'hardware',
  form_factor: 'hardware',
  gather_subset: 'meta',
  module_setup: 'meta',
};
const HARDWARE_PREFIXES = ['bios_', 'board_', 'chassis_', 'product_', 'system_vendor'];

const ALIASES = new Map<string, string>();
for (const [name, c] of Object.entries(COLLECTORS)) for (const id of c.ids ?? []) ALIASES.set(id, name);

/** Every name gather_subset accepts besides 'all' and 'min' (collector names and fact ids). */
const VALID = new Set([...Object.keys(COLLECTORS), ...ALIASES.keys()]);

/**
 * The collectors a gather_subset list selects, or the error message Ansible fails with
 * ("Bad subset 'x' given to Ansible. …").
 */
export function selectCollectors(subset: string[]): Set<string> | string {
  const add = new Set<string>();
  const exclude = new Set<string>();
  const explicit = new Set<string>();
  const aliasesOf = (name: string) => COLLECTORS[name]?.ids ?? [];
  for (const raw of ['min', ...subset]) {
    if (raw === 'min') for (const m of MINIMAL) add.add(m);
    else if (raw === 'all') for (const v of VALID) add.add(v);
    else if (raw.startsWith('!')) {
      const name = raw.slice(1);
      if (name === 'min') for (const m of MINIMAL) exclude.add(m);
      else if (name === 'all') {
        for (const v of VALID) if (!MINIMAL.includes(v)) exclude.add(v);
      } else {
        for (const a of aliasesOf(name)) exclude.add(a);
        exclude.add(name);
      }
    } else {
      if (!VALID.has(raw))
        return `Bad subset '${raw}' given to Ansible. gather_subset options allowed: all, ${[...VALID].sort().join(', ')}`;
      explicit.add(raw);
      add.add(raw);
    }
  }
  if (add.size === 0) for (const v of VALID) add.add(v);
  for (const e of exclude) if (!explicit.has(e)) add.delete(e);
  const collectors = new Set<string>();
  for (const name of add) collectors.add(ALIASES.get(name) ?? name);
  // required collectors run too (network needs distribution and platform, …)
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of [...collectors])
      for (const r of COLLECTORS[c]?.requires ?? [])
        if (!collectors.has(r)) {
          collectors.add(r);
          grew = true;
        }
  }
  return collectors;
}

/** The collector a gathered fact comes from; interface dicts belong to network. */
export function collectorOf(fact: string, interfaces: ReadonlySet<string>): string {
  const name = fact.startsWith('ansible_') ? fact.slice(8) : fact;
  if (FACT_COLLECTOR[name]) return FACT_COLLECTOR[name];
  if (ALIASES.has(name)) return ALIASES.get(name) as string;
  if (COLLECTORS[name]) return name;
  if (name.startsWith('ssh_host_key_')) return 'ssh_pub_keys';
  if (name.startsWith('distribution')) return 'distribution';
  if (name.startsWith('virtualization_')) return 'virtual';
  if (HARDWARE_PREFIXES.some((p) => name.startsWith(p))) return 'hardware';
  if (name.startsWith('user_')) return 'user';
  if (interfaces.has(name)) return 'network';
  return 'network';
}

/** _filter: keep facts matching a pattern, also tried with `ansible_` put in front. */
export function filterFacts(facts: Record<string, unknown>, filters: string[]): Record<string, unknown> {
  if (filters.length === 0 || filters.every((f) => f === '*')) return facts;
  const out: Record<string, unknown> = {};
  for (const f of filters)
    for (const [k, v] of Object.entries(facts)) {
      if (!f || fnmatchToRegExp(f).test(k)) out[k] = v;
      else if (!/^(ansible_|facter|ohai)/.test(f) && fnmatchToRegExp(`ansible_${f}`).test(k)) out[k] = v;
    }
  return out;
}
