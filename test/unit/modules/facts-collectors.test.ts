/**
 * Parsers of the facts script's newer sections, with values checked against what
 * ansible-core 2.14's setup reported on this machine (Debian 12 container on a KVM host)
 * or against its collector source where the machine cannot show a case.
 */
import { describe, expect, it } from 'vitest';
import { deviceFacts } from '../../../src/modules/util/facts-devices.js';
import { cpuFacts, dmiFacts, lvmFacts, mountFacts } from '../../../src/modules/util/facts-hardware.js';
import { localFacts, parseIni } from '../../../src/modules/util/facts-local.js';
import { ethtoolData } from '../../../src/modules/util/facts-network.js';
import { pkgMgr, serviceMgr } from '../../../src/modules/util/facts-services.js';
import { filterFacts, selectCollectors } from '../../../src/modules/util/facts-subset.js';
import { capsFacts, chrootFacts, cmdlineFacts, sshKeyFacts } from '../../../src/modules/util/facts-system.js';
import { virtualFacts } from '../../../src/modules/util/facts-virtual.js';
import { humanBytes } from '../../../src/template/index.js';

describe('gather_subset and filter', () => {
  it("'!all' keeps the minimal collectors; explicit subsets bring their required collectors", () => {
    expect([...(selectCollectors(['!all']) as Set<string>)].sort()).toEqual(
      [
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
      ].sort(),
    );
    expect([...(selectCollectors(['!all', '!min', 'network']) as Set<string>)].sort()).toEqual([
      'distribution',
      'network',
      'platform',
    ]);
    expect([...(selectCollectors(['!all', '!min', 'mounts']) as Set<string>)].sort()).toEqual([
      'hardware',
      'platform',
    ]);
    // without 'all', '!hardware' leaves only the minimal set (verified with ansible -m setup)
    expect((selectCollectors(['!hardware']) as Set<string>).has('virtual')).toBe(false);
    const noHardware = selectCollectors(['all', '!hardware']) as Set<string>;
    expect(noHardware.has('hardware')).toBe(false);
    expect(noHardware.has('virtual')).toBe(true);
  });

  it('an unknown subset is an error with the allowed names', () => {
    const msg = selectCollectors(['bogus']) as string;
    expect(msg).toMatch(
      /^Bad subset 'bogus' given to Ansible\. gather_subset options allowed: all, all_ipv4_addresses, /,
    );
    expect(msg).toContain(', virtualization_type');
  });

  it('filter matches fnmatch patterns, also with ansible_ put in front', () => {
    const facts = {
      ansible_machine: 'x86_64',
      ansible_distribution: 'Debian',
      ansible_kernel: '6',
      gather_subset: [],
    };
    expect(Object.keys(filterFacts(facts, ['machine', 'ansible_dist*']))).toEqual([
      'ansible_machine',
      'ansible_distribution',
    ]);
    expect(filterFacts(facts, [])).toBe(facts);
  });
});

describe('hardware', () => {
  it('processor list and counts from cpuinfo', () => {
    const cpuinfo = [
      'processor\t: 0',
      'vendor_id\t: AuthenticAMD',
      'model name\t: AMD EPYC',
      'physical id\t: 0',
      'siblings\t: 2',
      'core id\t\t: 0',
      'cpu cores\t: 2',
      'processor\t: 1',
      'vendor_id\t: AuthenticAMD',
      'model name\t: AMD EPYC',
      'physical id\t: 0',
      'siblings\t: 2',
      'core id\t\t: 1',
      'cpu cores\t: 2',
    ];
    expect(cpuFacts(cpuinfo, 2, 'x86_64')).toEqual({
      ansible_processor: ['0', 'AuthenticAMD', 'AMD EPYC', '1', 'AuthenticAMD', 'AMD EPYC'],
      ansible_processor_count: 1,
      ansible_processor_cores: 2,
      ansible_processor_threads_per_core: 1,
      ansible_processor_vcpus: 2,
      ansible_processor_nproc: 2,
    });
  });

  it("DMI values, 'NA' when missing, chassis type as form factor", () => {
    expect(dmiFacts([])).toMatchObject({ ansible_product_name: 'NA', ansible_form_factor: 'NA' });
    expect(
      dmiFacts(['product_name=KVM', 'chassis_type=1', 'sys_vendor=QEMU', 'product_uuid=']),
    ).toMatchObject({
      ansible_product_name: 'KVM',
      ansible_form_factor: 'Other',
      ansible_system_vendor: 'QEMU',
      ansible_product_uuid: 'NA',
    });
  });

  it('without /sys DMI: dmidecode answers as printed, NA where it failed', () => {
    expect(dmiFacts(['dd product_name=KVM', 'dd form_factor=Other', 'dd bios_date='])).toMatchObject({
      ansible_product_name: 'KVM',
      ansible_form_factor: 'Other',
      ansible_bios_date: '',
      ansible_product_uuid: 'NA',
    });
  });

  it('a mount whose statvfs timed out keeps a note and warns, as Ansible', () => {
    const warnings: string[] = [];
    const f = mountFacts(['M nfs:/export /mnt/nfs nfs4 rw', 'S timeout', 'U '], [], [], warnings);
    expect(f.ansible_mounts).toEqual([
      {
        mount: '/mnt/nfs',
        device: 'nfs:/export',
        fstype: 'nfs4',
        options: 'rw',
        note: 'Could not get extra information due to timeout',
      },
    ]);
    expect(warnings).toEqual(['Timeout exceeded when getting mount info for /mnt/nfs']);
  });

  it('mounts with statvfs numbers, uuid, bind flag and octal escapes', () => {
    const f = mountFacts(
      [
        'M /dev/vda / ext4 rw,relatime',
        'S 4096 4096 66053021 20201463 16777216 16246137',
        'U ',
        'M /dev/vdb /srv/my\\040data xfs rw',
        'S',
        'U 1234-abcd',
        'M /dev/vda /bound ext4 rw',
        'S 4096 4096 10 5 100 50',
      ],
      ['/dev/vda   ', '/dev/vdc 99-aa'],
      ['/bound'],
    );
    expect(f.ansible_mounts).toEqual([
      {
        mount: '/',
        device: '/dev/vda',
        fstype: 'ext4',
        options: 'rw,relatime',
        uuid: 'N/A',
        size_total: 270553174016,
        size_available: 82745192448,
        block_size: 4096,
        block_total: 66053021,
        block_available: 20201463,
        block_used: 45851558,
        inode_total: 16777216,
        inode_available: 16246137,
        inode_used: 531079,
      },
      { mount: '/srv/my data', device: '/dev/vdb', fstype: 'xfs', options: 'rw', uuid: '1234-abcd' },
      expect.objectContaining({ mount: '/bound', options: 'rw,bind', block_used: 5, inode_used: 50 }),
    ]);
  });
});

describe('ethtool and lvm', () => {
  it('ethtool features and timestamping (checked with ansible -m setup and the same ethtool output)', () => {
    expect(
      ethtoolData(
        'Features for eth0:\nrx-checksumming: on\ntx-checksumming: on\n\ttx-checksum-ipv4: off [fixed]\n',
        'Time stamping parameters for eth0:\nCapabilities:\n\tsoftware-transmit     (SOF_TIMESTAMPING_TX_SOFTWARE)\n' +
          '\tsoftware-receive      (SOF_TIMESTAMPING_RX_SOFTWARE)\nPTP Hardware Clock: none\n' +
          'Hardware Receive Filter Modes:\n\tnone                  (HWTSTAMP_FILTER_NONE)\n',
      ),
    ).toEqual({
      features: { rx_checksumming: 'on', tx_checksumming: 'on', tx_checksum_ipv4: 'off [fixed]' },
      timestamping: ['tx_software', 'rx_software'],
      hw_timestamp_filters: ['none'],
    });
    expect(ethtoolData(undefined, undefined)).toEqual({});
  });

  it("lvm: 'N/A' unless root with vgs, else vgs/lvs/pvs", () => {
    expect(lvmFacts([])).toEqual({ ansible_lvm: 'N/A' });
    expect(
      lvmFacts([
        'root',
        'vg   vg0,1,2,0,wz--n-,19.99,4.00',
        'lv   root,vg0,-wi-ao----,10.00,,,,,,,',
        'pv   /dev/dm-3,vg0,lvm2,a--,19.99,4.00',
        'dm /dev/dm-3 crypt0',
      ]),
    ).toEqual({
      ansible_lvm: {
        vgs: { vg0: { size_g: '19.99', free_g: '4.00', num_lvs: '2', num_pvs: '1' } },
        lvs: { root: { size_g: '10.00', vg: 'vg0' } },
        pvs: { '/dev/mapper/crypt0': { size_g: '19.99', free_g: '4.00', vg: 'vg0' } },
      },
    });
  });
});

describe('block devices', () => {
  it('sizes as bytes_to_human prints them', () => {
    expect(humanBytes(0)).toBe('0.00 Bytes');
    expect(humanBytes(536870912 * 512)).toBe('256.00 GB');
    expect(humanBytes(1536)).toBe('1.50 KB');
  });

  it('a disk with a partition, links, holder and PCI host', () => {
    const f = deviceFacts(
      [
        'by-id wwn-0x5000 ../../sda',
        'by-uuid 1234-abcd ../../sda1',
        'slave /sys/block/dm-0/slaves/sda1',
        'pci 0000:00:02.0 SCSI storage controller: Red Hat, Inc. Virtio block device',
      ],
      [
        'B sda ../devices/pci0000:00/0000:00:02.0/virtio1/block/sda',
        'sda/device/vendor:ATA',
        'sda/removable:0',
        'sda/queue/rotational:1',
        'sda/queue/scheduler:none [mq-deadline] kyber',
        'sda/size:2048',
        'sda/queue/logical_block_size:512',
        'P sda1',
        'sda/sda1/start:2048',
        'sda/sda1/size:1024',
        'H sda1 dm-0 vg-root',
      ],
    );
    expect(f.ansible_device_links).toEqual({
      ids: { sda: ['wwn-0x5000'] },
      uuids: { sda1: ['1234-abcd'] },
      labels: {},
      masters: { sda1: ['dm-0'] },
    });
    expect(f.ansible_devices).toEqual({
      sda: {
        virtual: 1,
        links: { ids: ['wwn-0x5000'], uuids: [], labels: [], masters: [] },
        vendor: 'ATA',
        model: null,
        sas_address: null,
        sas_device_handle: null,
        removable: '0',
        support_discard: null,
        wwn: '0x5000',
        rotational: '1',
        scheduler_mode: 'mq-deadline',
        sectors: '2048',
        sectorsize: '512',
        size: '1.00 MB',
        host: 'SCSI storage controller: Red Hat, Inc. Virtio block device',
        holders: [],
        partitions: {
          sda1: {
            links: { ids: [], uuids: ['1234-abcd'], labels: [], masters: ['dm-0'] },
            start: '2048',
            sectors: '1024',
            sectorsize: 512,
            size: '512.00 KB',
            uuid: '1234-abcd',
            holders: ['vg-root'],
          },
        },
      },
    });
  });
});

describe('virtualization', () => {
  it('a docker container on a KVM host (as Ansible reports this machine)', () => {
    const f = virtualFacts(['cg 0::/', 'has /.dockerenv', 'has /dev/kvm'], {}, ['model name\t: AMD EPYC']);
    expect(f).toEqual({
      ansible_virtualization_type: 'docker',
      ansible_virtualization_role: 'guest',
      ansible_virtualization_tech_guest: ['docker', 'container'],
      ansible_virtualization_tech_host: ['kvm'],
    });
  });

  it('a KVM guest from DMI, nothing found is NA', () => {
    expect(virtualFacts([], { sys_vendor: 'QEMU', product_name: 'Standard PC' }, [])).toEqual({
      ansible_virtualization_type: 'kvm',
      ansible_virtualization_role: 'guest',
      ansible_virtualization_tech_guest: ['kvm'],
      ansible_virtualization_tech_host: [],
    });
    expect(virtualFacts([], {}, [])).toMatchObject({
      ansible_virtualization_type: 'NA',
      ansible_virtualization_role: 'NA',
    });
  });
});

describe('local facts (facts.d)', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('JSON, INI, executable output, failing executable and junk, sorted by path', () => {
    const f = localFacts([
      'dir',
      'F file 0 b64 /d/z.fact',
      b64('{"a": [1, null]}'),
      '',
      'F exec 3 b64 /d/bad.fact',
      '',
      b64('oops\n'),
      'F file 0 b64 /d/ini.fact',
      b64('[General]\nName = Foo\nPath: /x/%(name)s\n[DEFAULT]\nshared = yes\n'),
      '',
      'F exec 0 b64 /d/run.fact',
      b64('{"exec": true}\n'),
      '',
      'F file 0 b64 /d/junk.fact',
      b64('not ini\n'),
      '',
    ]);
    expect(Object.keys(f.local)).toEqual(['bad', 'ini', 'junk', 'run', 'z']);
    expect(f.local).toEqual({
      bad: 'Failure executing fact script (/d/bad.fact), rc: 3, err: oops\n',
      ini: { General: { name: 'Foo', path: '/x/Foo', shared: 'yes' } },
      junk: 'error loading facts as JSON or ini - please check content: /d/junk.fact',
      run: { exec: true },
      z: { a: [1, null] },
    });
    expect(f.warnings).toEqual([
      'Failure executing fact script (/d/bad.fact), rc: 3, err: oops\n',
      'error loading facts as JSON or ini - please check content: /d/junk.fact',
    ]);
  });

  it('INI as ConfigParser reads it: continuation lines, %% and errors', () => {
    expect(parseIni('[a]\nMulti = one\n  two\nk=v=w\npct = 100%%\n')).toEqual({
      a: { multi: 'one\ntwo', k: 'v=w', pct: '100%' },
    });
    expect(parseIni('')).toEqual({});
    expect(parseIni('key = before any section\n')).toBeUndefined();
    expect(parseIni('[a]\nbare\n')).toBeUndefined();
  });
});

describe('small system collectors', () => {
  it('ssh host keys: the search stops at an algorithm already found', () => {
    // /etc/openssh's dsa is read before its rsa (found in /etc/ssh) ends the search; /etc is never read
    expect(
      sshKeyFacts([
        '/etc/ssh rsa ssh-rsa AAAArsa root@vm',
        '/etc/openssh dsa ssh-dss D',
        '/etc/openssh ecdsa ecdsa-sha2-nistp256 E',
        '/etc ed25519 ssh-ed25519 OTHER',
      ]),
    ).toEqual({
      ansible_ssh_host_key_rsa_public: 'AAAArsa',
      ansible_ssh_host_key_rsa_public_keytype: 'ssh-rsa',
      ansible_ssh_host_key_dsa_public: 'D',
      ansible_ssh_host_key_dsa_public_keytype: 'ssh-dss',
    });
  });

  it('kernel command line: last value wins in cmdline, repeats listed in proc_cmdline', () => {
    expect(cmdlineFacts(['console=ttyS0 quiet console=tty0 -- --addr 0.0.0.0:2024'])).toEqual({
      ansible_cmdline: { console: 'tty0', quiet: true, '--': true, '--addr': true, '0.0.0.0:2024': true },
      ansible_proc_cmdline: {
        console: ['ttyS0', 'tty0'],
        quiet: true,
        '--': true,
        '--addr': true,
        '0.0.0.0:2024': true,
      },
    });
  });

  it('capabilities, chroot', () => {
    expect(capsFacts(['ok', 'Current: =ep cap_sys_resource-ep'])).toEqual({
      ansible_system_capabilities_enforced: 'True',
      ansible_system_capabilities: ['ep cap_sys_resource-ep'],
    });
    expect(capsFacts([])).toEqual({
      ansible_system_capabilities_enforced: 'N/A',
      ansible_system_capabilities: 'N/A',
    });
    expect(chrootFacts(['fs ext2/ext3', '65024 2', '65024 2'])).toEqual({ ansible_is_chroot: false });
    expect(chrootFacts(['fs ext2/ext3', '65024 2', '65024 7'])).toEqual({ ansible_is_chroot: true });
    expect(chrootFacts(['fs xfs', '2049 128'])).toEqual({ ansible_is_chroot: false });
  });

  it('service and package managers', () => {
    expect(serviceMgr(['pid1 systemd'])).toBe('systemd');
    expect(serviceMgr(['pid1 procd'])).toBe('openwrt_init');
    expect(serviceMgr(['sysvinit'])).toBe('sysvinit');
    expect(pkgMgr(['/usr/bin/apt-get', '/usr/bin/dnf'], 'Debian', 'Debian', '12')).toBe('apt');
    expect(pkgMgr(['/usr/bin/yum', '/usr/bin/dnf'], 'RedHat', 'Rocky', '9')).toBe('dnf');
    expect(pkgMgr(['/usr/bin/yum'], 'RedHat', 'CentOS', '7')).toBe('yum');
    expect(pkgMgr(['/sbin/apk'], 'Alpine', 'Alpine', '3')).toBe('apk');
  });
});
