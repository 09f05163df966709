import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../src/modules/util/facts.js';
import { networkFacts } from '../../../src/modules/util/facts-network.js';
import { systemFacts } from '../../../src/modules/util/facts-system.js';

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
    const sysnet = [
      'eth0/dir:1',
      'eth0/operstate:up',
      'eth0/type:1',
      'eth0/address:02:fc:00:00:00:01',
      'eth0/mtu:1400',
      'eth0/flags:0x1003',
      'eth0/speed:-1',
      'eth0/pciid:virtio2',
      'ifb0/operstate:down',
      'ifb0/type:1',
      'ifb0/address:d2:f5:1f:b3:d3:29',
      'ifb0/mtu:1500',
      'ifb0/flags:0x82',
      'lo/operstate:unknown',
      'lo/type:772',
      'lo/address:00:00:00:00:00:00',
      'lo/mtu:65536',
      'lo/flags:0x9',
    ];
    const addrs = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
      '4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '4: eth0    inet6 fd00::2/64 scope global \\       valid_lft forever preferred_lft forever',
      '4: eth0    inet6 fe80::fc:ff:fe00:1/64 scope link \\       valid_lft forever preferred_lft forever',
    ];
    const f = networkFacts(
      sysnet,
      addrs,
      '8.8.8.8 via 192.0.2.1 dev eth0 src 192.0.2.2 uid 0',
      '2404:6800:400a:800::1012 from :: via fd00::1 dev eth0 src fd00::2 metric 1024 pref medium',
    );
    expect(f.ansible_eth0).toEqual({
      device: 'eth0',
      active: true,
      mtu: 1400,
      promisc: false,
      type: 'ether',
      macaddress: '02:fc:00:00:00:01',
      pciid: 'virtio2',
      speed: -1,
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
    expect(f.ansible_ifb0).toEqual({
      device: 'ifb0',
      active: false,
      macaddress: 'd2:f5:1f:b3:d3:29',
      mtu: 1500,
      promisc: false,
      type: 'ether',
    });
    expect(f.ansible_interfaces).toEqual(['eth0', 'ifb0', 'lo']);
    expect(f.ansible_all_ipv4_addresses).toEqual(['192.0.2.2']);
    expect(f.ansible_all_ipv6_addresses).toEqual(['fd00::2', 'fe80::fc:ff:fe00:1']);
    expect(f.ansible_default_ipv4).toEqual({
      address: '192.0.2.2',
      alias: 'eth0',
      broadcast: '192.0.2.255',
      gateway: '192.0.2.1',
      interface: 'eth0',
      macaddress: '02:fc:00:00:00:01',
      mtu: 1400,
      netmask: '255.255.255.0',
      network: '192.0.2.0',
      prefix: '24',
      type: 'ether',
    });
    expect(f.ansible_default_ipv6).toEqual({
      address: 'fd00::2',
      gateway: 'fd00::1',
      interface: 'eth0',
      macaddress: '02:fc:00:00:00:01',
      mtu: 1400,
      prefix: '64',
      scope: 'global',
      type: 'ether',
    });
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

describe('date_time as Ansible builds it', () => {
  it('UTC fields from the local epoch, tz_dst as time.tzname[1] (checked with Python for Australia/Sydney)', () => {
    const f = parseFacts(
      [
        '@@date',
        '2026|11|Saturday|6|47|28|08|33|14|1795815194|AEDT|+1100|581038258',
        '2026-11-27T21:33:14',
        'AEDT +1100',
        'AEST +1000',
      ].join('\n'),
    );
    expect(f.ansible_date_time).toEqual({
      year: '2026',
      month: '11',
      weekday: 'Saturday',
      weekday_number: '6',
      weeknumber: '47',
      day: '28',
      hour: '08',
      minute: '33',
      second: '14',
      epoch: '1795815194',
      epoch_int: '1795815194',
      date: '2026-11-28',
      time: '08:33:14',
      iso8601: '2026-11-27T21:33:14Z',
      iso8601_micro: '2026-11-27T21:33:14.581038Z',
      iso8601_basic: '20261128T083314581038',
      iso8601_basic_short: '20261128T083314',
      tz: 'AEDT',
      tz_dst: 'AEDT',
      tz_offset: '+1100',
    });
  });
});

describe('platform and interface names', () => {
  it('fqdn from the names of the node address (socket.getfqdn), hostname from the node name', () => {
    const out = (fqdn: string) =>
      ['@@uname', 'web1.corp', '6.1.0', '#1', 'x86_64', 'Linux', '@@fqdn', fqdn].join('\n');
    expect(parseFacts(out('127.0.1.1       web1.corp.example.com web1'))).toMatchObject({
      ansible_fqdn: 'web1.corp.example.com',
      ansible_domain: 'corp.example.com',
      ansible_hostname: 'web1',
      ansible_nodename: 'web1.corp',
    });
    // /etc/hosts maps the name to an address whose first name is localhost (this machine)
    expect(parseFacts(out('127.0.0.1       localhost'))).toMatchObject({
      ansible_fqdn: 'localhost',
      ansible_domain: '',
    });
    expect(parseFacts(out(''))).toMatchObject({ ansible_fqdn: 'web1.corp', ansible_domain: 'corp' });
  });

  it("fact names: ':' and '-' become '_', dots stay; a labelled address gets its own dict", () => {
    const f = networkFacts(
      [
        'br-lan/type:1',
        'br-lan/mtu:1500',
        'br-lan/bridge:1',
        'br-lan/brif:eth1 eth2 ',
        'eth0.100/mtu:1500',
        'eth0/mtu:1500',
      ],
      [
        '2: eth0    inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0\\       valid_lft forever',
        '2: eth0    inet 10.0.0.3/24 brd 10.0.0.255 scope global secondary eth0:1\\       valid_lft forever',
      ],
    );
    expect(f.ansible_interfaces).toEqual(['br-lan', 'eth0.100', 'eth0', 'eth0_1']);
    expect(f.ansible_br_lan).toMatchObject({ type: 'bridge', interfaces: ['eth1', 'eth2'], stp: false });
    expect(f['ansible_eth0.100']).toEqual({ device: 'eth0.100', mtu: 1500 });
    const sec = {
      address: '10.0.0.3',
      broadcast: '10.0.0.255',
      netmask: '255.255.255.0',
      network: '10.0.0.0',
      prefix: '24',
    };
    expect(f.ansible_eth0).toMatchObject({ ipv4: { address: '10.0.0.2' }, ipv4_secondaries: [sec] });
    expect(f.ansible_eth0_1).toEqual({ ipv4_secondaries: [sec] });
  });
});
