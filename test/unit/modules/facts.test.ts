import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../src/modules/util/facts.js';
import { interfaceFacts, systemFacts } from '../../../src/modules/util/facts-system.js';

/** Output of the facts script (setup.ts) as a Debian 12 host prints it, trimmed. */
function debianOutput(lsb: string): string {
  return [
    '@@uname',
    'web1',
    '6.1.0',
    '#1 SMP',
    'x86_64',
    'Linux',
    '@@misc',
    'systemd',
    'apt-get',
    '12.11',
    '@@osrelease',
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    'ID=debian',
    'VERSION_ID="12"',
    'VERSION_CODENAME=bookworm',
    '@@lsb',
    lsb,
    '@@env',
    'HOME=/root',
  ].join('\n');
}

describe('facts as Ansible 2.14 reports them on Debian 12', () => {
  it('distribution version, minor version and distribution file keys', () => {
    const f = parseFacts(debianOutput(''));
    expect(f).toMatchObject({
      ansible_distribution: 'Debian',
      ansible_distribution_version: '12.11',
      ansible_distribution_major_version: '12',
      ansible_distribution_minor_version: '11',
      ansible_distribution_release: 'bookworm',
      ansible_distribution_file_parsed: true,
      ansible_distribution_file_path: '/etc/os-release',
      ansible_distribution_file_variety: 'Debian',
      ansible_os_family: 'Debian',
    });
    expect(f.ansible_lsb).toEqual({});
  });

  it('ansible_lsb from lsb_release -a', () => {
    const lsb = [
      'Distributor ID:\tDebian',
      'Description:\tDebian GNU/Linux 12 (bookworm)',
      'Release:\t12',
      'Codename:\tbookworm',
    ].join('\n');
    expect(parseFacts(debianOutput(lsb)).ansible_lsb).toEqual({
      id: 'Debian',
      description: 'Debian GNU/Linux 12 (bookworm)',
      release: '12',
      major_release: '12',
      codename: 'bookworm',
    });
  });
});

describe('interface and system facts (values checked against ansible-core 2.14 on this machine)', () => {
  it('one dict per interface, with ipv4 network and ipv6 list', () => {
    const links = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '4: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
    ];
    const addrs = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
      '4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '4: eth0    inet6 fd00::2/64 scope global \\       valid_lft forever preferred_lft forever',
      '4: eth0    inet6 fe80::fc:ff:fe00:1/64 scope link \\       valid_lft forever preferred_lft forever',
    ];
    const f = interfaceFacts(links, addrs);
    expect(f.ansible_eth0).toEqual({
      device: 'eth0',
      active: true,
      mtu: 1400,
      promisc: false,
      type: 'ether',
      macaddress: '02:fc:00:00:00:01',
      ipv4: {
        address: '192.0.2.2',
        broadcast: '192.0.2.255',
        netmask: '255.255.255.0',
        network: '192.0.2.0',
        prefix: '24',
      },
      ipv6: [
        { address: 'fd00::2', prefix: '64', scope: 'global' },
        { address: 'fe80::fc:ff:fe00:1', prefix: '64', scope: 'link' },
      ],
    });
    expect(f.ansible_lo).toMatchObject({
      type: 'loopback',
      ipv4: { address: '127.0.0.1', broadcast: '', netmask: '255.0.0.0', network: '127.0.0.0', prefix: '8' },
      ipv6: [{ address: '::1', prefix: '128', scope: 'host' }],
    });
    expect(f.ansible_interfaces).toEqual(['lo', 'eth0']);
    expect(f.ansible_all_ipv6_addresses).toEqual(['fd00::2', 'fe80::fc:ff:fe00:1']);
  });

  it('dns, load, ids, cores and security modules', () => {
    const sys = [
      '16376.5 30000.1',
      '0.97 2.58 4.46 1/200 999',
      'abc123',
      '0',
      '0',
      '0',
      '0',
      '64',
      'disabled',
      'disabled',
      '0',
      'root',
    ];
    const f = systemFacts(
      sys,
      ['nameserver 10.255.255.53', 'search example.com'],
      ['2', '1', ' EPYC', 'cpu cores\t: 2', 'siblings\t: 2'],
    );
    expect(f).toMatchObject({
      ansible_uptime_seconds: 16376,
      ansible_loadavg: { '1m': 0.97, '5m': 2.58, '15m': 4.46 },
      ansible_machine_id: 'abc123',
      ansible_effective_user_id: 0,
      ansible_userspace_bits: '64',
      ansible_apparmor: { status: 'disabled' },
      ansible_selinux: { status: 'disabled' },
      ansible_fips: false,
      ansible_user_gecos: 'root',
      ansible_dns: { nameservers: ['10.255.255.53'], search: ['example.com'] },
      ansible_processor_cores: 2,
      ansible_processor_threads_per_core: 1,
    });
  });
});
