/**
 * The facts script's compact output (one `files` section from one grep, markers where a tool
 * was skipped) read back into the facts the old one-tool-per-fact sections gave: the reshaping
 * done on the controller (facts-expand.ts). Values are those of this machine's Debian 12 host
 * and of the script's old output for the same host, where the two were checked equal.
 */
import { describe, expect, it } from 'vitest';
import { gatherFacts, parseFacts } from '../../../src/modules/util/facts.js';
import { cpuListCount, lsbMinimal, shellAssignments } from '../../../src/modules/util/facts-expand.js';

const files = (path: string, ...lines: string[]) => lines.map((l) => `${path}:${l}`);

/** A Debian 12 host as the new script prints it, trimmed to what each test needs. */
function compact(extra: Record<string, string[]> = {}): string {
  const sections: Record<string, string[]> = {
    uname: ['proc'],
    fqdn: ['127.0.1.1       web1.corp.example.com web1', '127.0.1.1       web1.corp.example.com web1'],
    files: [
      ...files('/proc/sys/kernel/ostype', 'Linux'),
      ...files('/proc/sys/kernel/hostname', 'web1'),
      ...files('/proc/sys/kernel/osrelease', '6.1.0-18-amd64'),
      ...files('/proc/sys/kernel/version', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)'),
      ...files('/proc/sys/kernel/arch', 'x86_64'),
      ...files(
        '/proc/cpuinfo',
        'processor\t: 0',
        'vendor_id\t: GenuineIntel',
        'model name\t: Intel(R) Xeon(R) CPU',
        'physical id\t: 0',
        'siblings\t: 2',
        'core id\t\t: 0',
        'cpu cores\t: 2',
        'flags\t\t: fpu vme',
        '',
        'processor\t: 1',
        'vendor_id\t: GenuineIntel',
        'model name\t: Intel(R) Xeon(R) CPU',
        'physical id\t: 0',
        'siblings\t: 2',
        'core id\t\t: 1',
        'cpu cores\t: 2',
      ),
      ...files(
        '/proc/meminfo',
        'MemTotal:        2048000 kB',
        'MemFree:         1024000 kB',
        'Active:  1 kB',
      ),
      ...files(
        '/proc/self/status',
        'Name:\tgrep',
        'Uid:\t1000\t1000\t1000\t1000',
        'Gid:\t1001\t1001\t1001\t1001',
        'Cpus_allowed_list:\t0-1',
      ),
      ...files('/proc/uptime', '47626.97 8776.28'),
      ...files('/proc/loadavg', '0.50 0.25 0.10 2/342 27018'),
      ...files('/proc/1/comm', 'systemd'),
      ...files('/etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"', 'NAME="Debian GNU/Linux"'),
      ...files('/etc/os-release', 'VERSION_ID="12"', 'VERSION_CODENAME=bookworm', 'ID=debian'),
      ...files('/etc/debian_version', '12.5'),
      ...files('/etc/machine-id', '0123456789abcdef'),
      ...files('/etc/ssh/ssh_host_ed25519_key.pub', 'ssh-ed25519 AAAAC3Nza root@web1'),
      ...files('/proc/self/mountinfo', '26 1 254:0 / / rw,relatime - ext4 /dev/vda rw'),
      ...files('/proc/self/mountinfo', '30 26 254:0 /srv/data /mnt/data rw,relatime - ext4 /dev/vda rw'),
      ...files('/sys/class/net/eth0/operstate', 'up'),
      ...files('/sys/class/net/eth0/type', '1'),
      ...files('/sys/class/net/eth0/address', '02:fc:00:00:00:01'),
      ...files('/sys/class/net/eth0/mtu', '1500'),
      ...files('/sys/class/net/br0/type', '1'),
      ...files('/sys/class/net/br0/bridge/stp_state', '1'),
      ...files('/sys/block/vda/size', '41943040'),
      ...files('/sys/block/vda/queue/rotational', '0'),
      ...files('/sys/block/vda/queue/scheduler', '[none] mq-deadline'),
      ...files('/sys/block/vda/vda1/start', '2048'),
      ...files('/sys/block/vda/vda1/size', '41940992'),
      ...files('/sys/block/vda/vda1/holders/dm-0/dm/name', 'vg-root'),
    ],
    user: ['deploy', '/home/deploy', 'deploy:x:1000:1001:Deploy User,,,:/home/deploy:/bin/bash'],
    date: [
      '2026|12|Sunday|0|48|06|21|38|04|1796593084|CET|+0100|378635758',
      '2026|01|Thursday|4|00|01|12|00|00|1767268800|CET|+0100|000000000',
      '2026|07|Wednesday|3|26|01|12|00|00|1782907200|CEST|+0200|000000000',
    ],
    ip: [
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP\\    link/ether 02:fc:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
      '2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever',
      '8.8.8.8 via 192.0.2.1 dev eth0 src 192.0.2.2 uid 1000 \\    cache ',
    ],
    misc: ['apt-get'],
    sysnet: ['br0/dir:1', 'br0/bridge:1', 'br0/brif:eth0 ', 'eth0/dir:1', 'eth0/pciid:0000:00:03.0'],
    sys: ['disabled'],
    findmnt: ['mountinfo'],
    chroot: ['ino 2 26'],
    bits: ['\x7fELF\x02'],
    blockdevs: ['B vda /sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda', 'P vda1', 'H vda1 dm-0'],
    mounts: [
      'M /dev/vda / ext4 rw,relatime',
      'M /dev/vda /mnt/data ext4 rw,relatime',
      'M srv:/export /mnt/nfs nfs4 rw',
      'S 4096 4096 1000 500 100 50 /',
      'S 4096 4096 1000 500 100 50 /mnt/data',
      'S timeout /mnt/nfs',
    ],
    env: ['HOME=/home/deploy'],
    ...extra,
  };
  return Object.entries(sections)
    .flatMap(([name, lines]) => [`@@${name}`, ...lines])
    .join('\n');
}

describe('facts from the compact script output', () => {
  it('platform, cpu, user, ids, date zones and distribution', () => {
    const f = parseFacts(compact());
    expect(f).toMatchObject({
      ansible_system: 'Linux',
      ansible_nodename: 'web1',
      ansible_kernel: '6.1.0-18-amd64',
      ansible_kernel_version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
      ansible_machine: 'x86_64',
      ansible_fqdn: 'web1.corp.example.com',
      ansible_processor_nproc: 2,
      ansible_processor_count: 1,
      ansible_processor_cores: 2,
      ansible_processor_threads_per_core: 1,
      ansible_processor: [
        '0',
        'GenuineIntel',
        'Intel(R) Xeon(R) CPU',
        '1',
        'GenuineIntel',
        'Intel(R) Xeon(R) CPU',
      ],
      ansible_memtotal_mb: 2000,
      ansible_user_id: 'deploy',
      ansible_user_uid: 1000,
      ansible_user_gid: 1001,
      ansible_user_dir: '/home/deploy',
      ansible_user_shell: '/bin/bash',
      ansible_user_gecos: 'Deploy User,,,',
      ansible_real_user_id: 1000,
      ansible_effective_user_id: 1000,
      ansible_real_group_id: 1001,
      ansible_effective_group_id: 1001,
      ansible_userspace_bits: '64',
      ansible_userspace_architecture: 'x86_64',
      ansible_machine_id: '0123456789abcdef',
      ansible_uptime_seconds: 47626,
      ansible_distribution: 'Debian',
      ansible_distribution_version: '12.5',
      ansible_distribution_release: 'bookworm',
      ansible_service_mgr: 'systemd',
      ansible_pkg_mgr: 'apt',
      ansible_ssh_host_key_ed25519_public: 'AAAAC3Nza',
      ansible_is_chroot: false,
      ansible_lsb: {},
    });
    expect(f.ansible_date_time).toMatchObject({ tz: 'CET', tz_dst: 'CEST', tz_offset: '+0100' });
  });

  it('interfaces and the default route from one ip -batch answer and /sys/class/net files', () => {
    const f = parseFacts(compact());
    expect(f.ansible_interfaces).toEqual(['br0', 'eth0']);
    expect(f.ansible_eth0).toMatchObject({
      device: 'eth0',
      active: true,
      mtu: 1500,
      macaddress: '02:fc:00:00:00:01',
      pciid: '0000:00:03.0',
      type: 'ether',
      ipv4: { address: '192.0.2.2', prefix: '24', netmask: '255.255.255.0' },
    });
    expect(f.ansible_br0).toMatchObject({ type: 'bridge', interfaces: ['eth0'], id: '', stp: true });
    expect(f.ansible_default_ipv4).toMatchObject({
      address: '192.0.2.2',
      gateway: '192.0.2.1',
      interface: 'eth0',
    });
    expect(f.ansible_all_ipv4_addresses).toEqual(['192.0.2.2']);
  });

  it('mounts: one stat for all, bind mounts from mountinfo, a timed-out network mount', () => {
    const { facts, warnings } = gatherFacts(compact());
    const mounts = facts.ansible_mounts as Record<string, unknown>[];
    expect(mounts.map((m) => [m.mount, m.options, m.block_total ?? m.note])).toEqual([
      ['/', 'rw,relatime', 1000],
      ['/mnt/data', 'rw,relatime,bind', 1000],
      ['/mnt/nfs', 'rw', 'Could not get extra information due to timeout'],
    ]);
    expect(warnings.map((w) => w.msg)).toEqual(['Timeout exceeded when getting mount info for /mnt/nfs']);
  });

  it('block devices: disk and partition files, holders named from dm/name', () => {
    const devices = parseFacts(compact()).ansible_devices as Record<string, Record<string, unknown>>;
    expect(devices.vda).toMatchObject({
      host: '',
      rotational: '0',
      scheduler_mode: 'none',
      sectors: '41943040',
      size: '20.00 GB',
      virtual: 1,
    });
    expect(devices.vda.partitions).toMatchObject({
      vda1: { start: '2048', sectors: '41940992', holders: ['vg-root'] },
    });
  });

  it('chroot from the fdinfo inode and the mount type; a 32-bit interpreter; uname without /proc arch', () => {
    const f = parseFacts(
      compact({
        uname: ['Linux web2 5.10.0 #1 SMP Debian 5.10.1 (2021) i686'],
        chroot: ['ino 128 26'],
        bits: ['\x7fELF\x01'],
      }),
    );
    expect(f).toMatchObject({
      ansible_nodename: 'web2',
      ansible_kernel: '5.10.0',
      ansible_kernel_version: '#1 SMP Debian 5.10.1 (2021)',
      ansible_machine: 'i686',
      ansible_is_chroot: true, // inode 128 on ext4, whose root is inode 2
      ansible_userspace_bits: '32',
    });
    expect(parseFacts(compact({ chroot: ['differ'] })).ansible_is_chroot).toBe(true);
    expect(parseFacts(compact({ chroot: ['same'] })).ansible_is_chroot).toBe(false);
  });

  it("lsb_release -a of Debian's lsb-release-minimal, derived from os-release", () => {
    expect(parseFacts(compact({ lsbminimal: [] })).ansible_lsb).toEqual({
      id: 'Debian',
      description: 'Debian GNU/Linux 12 (bookworm)',
      release: '12',
      major_release: '12',
      codename: 'bookworm',
    });
    // the ID upper-cased; NAME when they differ only in case; n/a for what is missing
    expect(lsbMinimal(['ID=ubuntu', 'NAME="Ubuntu"'])).toEqual([
      'Distributor ID:\tUbuntu',
      'Description:\tn/a',
      'Release:\tn/a',
      'Codename:\tn/a',
    ]);
    expect(lsbMinimal(['ID=opensuse-leap', 'NAME="openSUSE Leap"'])[0]).toBe(
      'Distributor ID:\tOpensuse-leap',
    );
  });

  it('shell quoting of os-release values and cpu lists', () => {
    expect(
      shellAssignments(['A="x \\"y\\" \\$z"', "B='it''s'", 'C=plain\\ word', '# D=no', 'E=a b']),
    ).toEqual({
      A: 'x "y" $z',
      B: 'its',
      C: 'plain word',
      E: 'a',
    });
    expect(cpuListCount('0-3,8,10-11')).toBe(7);
    expect(cpuListCount('')).toBe(0);
  });
});
