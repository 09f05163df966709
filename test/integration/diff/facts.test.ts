/**
 * Differential test of setup/gather_facts against ansible-core 2.14 on the same fleet host:
 * every fleet host is this machine, so facts that do not change between two runs a second
 * apart must be equal; volatile ones (time, load, free memory, uptime, free blocks) must only
 * be present. Also checks block devices, gather_subset, filter and facts.d local facts (JSON, INI,
 * executable, failing executable, neither).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dirs.js';
import { type DiffResult, explain, ownFleet, runBoth } from './harness.js';

/** Facts whose values must be equal (sets compared sorted: Ansible's order is hash/readdir order). */
const EQUAL = [
  'hostname',
  'nodename',
  'fqdn',
  'domain',
  'kernel',
  'kernel_version',
  'architecture',
  'machine',
  'system',
  'userspace_bits',
  'userspace_architecture',
  'machine_id',
  'distribution',
  'distribution_version',
  'distribution_major_version',
  'distribution_release',
  'distribution_file_path',
  'distribution_file_variety',
  'os_family',
  'lsb',
  'pkg_mgr',
  'service_mgr',
  'user_id',
  'user_uid',
  'user_gid',
  'user_dir',
  'user_shell',
  'user_gecos',
  'effective_user_id',
  'real_user_id',
  'effective_group_id',
  'real_group_id',
  'python_version',
  'processor',
  'processor_count',
  'processor_cores',
  'processor_threads_per_core',
  'processor_vcpus',
  'processor_nproc',
  'memtotal_mb',
  'swaptotal_mb',
  'bios_date',
  'bios_vendor',
  'bios_version',
  'board_name',
  'board_vendor',
  'chassis_vendor',
  'form_factor',
  'product_name',
  'product_uuid',
  'product_serial',
  'system_vendor',
  'virtualization_type',
  'virtualization_role',
  'virtualization_tech_guest',
  'virtualization_tech_host',
  'ssh_host_key_rsa_public',
  'ssh_host_key_rsa_public_keytype',
  'ssh_host_key_ecdsa_public',
  'ssh_host_key_ed25519_public',
  'ssh_host_key_ed25519_public_keytype',
  'cmdline',
  'proc_cmdline',
  'interfaces',
  'default_ipv4',
  'default_ipv6',
  'all_ipv4_addresses',
  'all_ipv6_addresses',
  'lo',
  'dns',
  'selinux',
  'selinux_python_present',
  'apparmor',
  'fips',
  'is_chroot',
  'system_capabilities',
  'system_capabilities_enforced',
  'iscsi_iqn',
  'hostnqn',
  'fibre_channel_wwn',
  'lvm',
  'local',
  'devices',
  'device_links',
];

/** Compared by shape only: their values move between two runs. */
const VOLATILE = new Set([
  'date_time',
  'loadavg',
  'memfree_mb',
  'memory_mb',
  'uptime_seconds',
  'swapfree_mb',
  'python',
  'mounts',
]);

const PLAYBOOK = `- hosts: fleet
  gather_facts: false
  tasks:
    - file: { path: "{{ root }}/{{ inventory_hostname }}", state: directory }
    - setup: { fact_path: "{{ fact_dir }}" }
      register: all_facts
    - copy:
        dest: "{{ root }}/{{ inventory_hostname }}/all.json"
        content: "{{ {'facts': all_facts.ansible_facts, 'warnings': all_facts.warnings | default([]), 'local_var': ansible_local, 'hostname_var': ansible_hostname} | to_json }}"
    - setup: { gather_subset: ['!all', 'network'] }
      register: network_only
    - setup: { gather_subset: ['!all', '!min', 'virtual', 'mounts'] }
      register: virt_hw
    - setup: { filter: ['ansible_distribution*', '*ipv4*', 'machine'] }
      register: filtered
    - setup: { gather_subset: ['bogus'] }
      register: bad
      ignore_errors: true
    - copy:
        dest: "{{ root }}/{{ inventory_hostname }}/subsets.json"
        content: "{{ {'network': network_only.ansible_facts.keys() | sort, 'virt_hw': virt_hw.ansible_facts.keys() | sort, 'filtered': filtered.ansible_facts.keys() | sort, 'bad': bad.msg} | to_json }}"
`;

const run = ownFleet(1);

function factDir(): string {
  const dir = tempDir('flt-facts-d-');
  writeFileSync(path.join(dir, 'app.fact'), '{"port": 8080, "tags": ["a", "b"], "nested": {"x": null}}');
  writeFileSync(
    path.join(dir, 'settings.fact'),
    '[main]\nName = web\nurl: http://%(name)s/\n[DEFAULT]\nenv = prod\n',
  );
  writeFileSync(path.join(dir, 'dyn.fact'), '#!/bin/sh\necho \'{"generated": true}\'\n');
  chmodSync(path.join(dir, 'dyn.fact'), 0o755);
  writeFileSync(path.join(dir, 'broken.fact'), '#!/bin/sh\necho failing >&2\nexit 2\n');
  chmodSync(path.join(dir, 'broken.fact'), 0o755);
  writeFileSync(path.join(dir, 'junk.fact'), 'neither json nor ini\n');
  writeFileSync(path.join(dir, 'skipped.txt'), '{"not": "a fact"}');
  return dir;
}

const sortedIfList = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v].sort() : v;
const shape = (v: unknown): string => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v);

function read(r: DiffResult, side: 'ansible' | 'flotilla', file: string): Record<string, unknown> {
  const entry = r[side].files[`node001/${file}`];
  if (!entry) throw new Error(`${side} wrote no ${file}\n${explain(r)}`);
  return JSON.parse(entry.slice(5));
}

describe('setup facts compared with ansible-core 2.14 on the same host', () => {
  it('values, key set, gather_subset, filter and local facts', { timeout: 60_000 }, async () => {
    const r = await runBoth(run(), { playbook: PLAYBOOK, hosts: 1, args: ['-e', `fact_dir=${factDir()}`] });
    expect(r.flotilla.code, explain(r)).toBe(r.ansible.code);
    const a = read(r, 'ansible', 'all.json');
    const f = read(r, 'flotilla', 'all.json');
    const af = a.facts as Record<string, unknown>;
    const ff = f.facts as Record<string, unknown>;

    expect(Object.keys(ff).sort()).toEqual(Object.keys(af).sort());
    for (const name of EQUAL)
      expect(sortedIfList(ff[`ansible_${name}`]), name).toEqual(sortedIfList(af[`ansible_${name}`]));
    for (const name of VOLATILE)
      expect(shape(ff[`ansible_${name}`]), name).toBe(shape(af[`ansible_${name}`]));
    const dt = (x: unknown) => x as Record<string, string>;
    expect(Object.keys(dt(ff.ansible_date_time)).sort()).toEqual(
      Object.keys(dt(af.ansible_date_time)).sort(),
    );
    for (const k of ['tz', 'tz_dst', 'tz_offset'])
      expect(dt(ff.ansible_date_time)[k], k).toBe(dt(af.ansible_date_time)[k]);
    // the module's environment, apart from the ssh connection's client port
    const env = (e: unknown) => {
      const { SSH_CLIENT: _c, SSH_CONNECTION: _s, ...rest } = e as Record<string, string>;
      return rest;
    };
    expect(Object.keys(ff.ansible_env as object).sort()).toEqual(
      Object.keys(af.ansible_env as object).sort(),
    );
    expect(env(ff.ansible_env)).toEqual(env(af.ansible_env));
    // one dict per interface: same attributes
    for (const iface of af.ansible_interfaces as string[])
      expect(ff[`ansible_${iface}`], iface).toEqual(af[`ansible_${iface}`]);
    // mounts: the same mount points and fixed fields
    const fixed = (m: Record<string, unknown>[]) =>
      m
        .map(
          ({ mount, device, fstype, options, uuid, block_size, block_total, inode_total, size_total }) => ({
            mount,
            device,
            fstype,
            options,
            uuid,
            block_size,
            block_total,
            inode_total,
            size_total,
          }),
        )
        .sort((x, y) => String(x.mount).localeCompare(String(y.mount)));
    expect(fixed(ff.ansible_mounts as Record<string, unknown>[])).toEqual(
      fixed(af.ansible_mounts as Record<string, unknown>[]),
    );
    expect(Object.keys(ff.ansible_memory_mb as object).sort()).toEqual(
      Object.keys(af.ansible_memory_mb as object).sort(),
    );
    expect(ff.gather_subset).toEqual(af.gather_subset);
    expect(ff.module_setup).toBe(true);
    // local facts: parsed values, warnings, and the ansible_local variable
    expect(f.warnings).toEqual(a.warnings);
    expect(f.local_var).toEqual(a.local_var);
    expect(f.hostname_var).toEqual(a.hostname_var);

    expect(read(r, 'flotilla', 'subsets.json')).toEqual(read(r, 'ansible', 'subsets.json'));
  });
});
