/**
 * ansible_devices and ansible_device_links as Ansible 2.14's get_device_facts builds them
 * from /sys/block, /dev/disk/by-* links and (when installed) `lspci -D` and `sg_inq`.
 */

import { humanBytes } from '../../template/index.js';

type Dict = Record<string, unknown>;

/**
 * The block-device and device-link part of the facts script (sections `devlinks`, `blockdevs`,
 * and `lspci`/`sginq <disk>` when those tools are installed). The /sys files themselves are in
 * the script's files section; facts-expand.ts puts them back where `deviceFacts` reads them.
 */
export const DEVICES_SCRIPT = [
  'echo @@devlinks; set --; for t in by-id by-uuid by-label; do [ -d /dev/disk/$t ] && set -- "$@" /dev/disk/$t; done; ' +
    'if [ $# -gt 0 ]; then [ $# = 1 ] && echo "$1:"; ls -l "$@" 2>/dev/null; fi; ' +
    'for s in /sys/block/*/slaves/*; do [ -e "$s" ] && echo "slave $s"; done; ' +
    'command -v lspci >/dev/null 2>&1 && { echo @@lspci; lspci -D 2>/dev/null; echo @@devlinks; }',
  'echo @@blockdevs; if cd /sys/block 2>/dev/null; then SG=; command -v sg_inq >/dev/null 2>&1 && SG=1; for b in *; do [ -e "$b" ] || continue; ' +
    // the link's target (cd -P instead of readlink); a directory is physical if it lists a *device* entry
    'if [ -L "$b" ]; then if cd -P "$b" 2>/dev/null; then echo "B $b $PWD"; cd /sys/block; else echo "B $b"; fi; ' +
    'else echo "B $b"; for e in "$b"/*device*; do [ -e "$e" ] && { echo physical; break; }; done; fi; ' +
    '[ -n "$SG" ] && { echo "@@sginq $b"; sg_inq "/dev/$b" 2>/dev/null; echo @@blockdevs; echo sg; }; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    'for p in "$b"/"$b"*; do n=${p##*/}; case $n in "$b"[0-9]*|"$b"p[0-9]*) echo "P $n"; for h in "$p"/holders/dm-*; do [ -e "$h" ] && echo "H $n ${h##*/}"; done;; esac; done; ' +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
    'for h in "$b"/holders/dm-*; do [ -e "$h" ] && echo "H $b ${h##*/}"; done; done; cd "$H0" 2>/dev/null; fi',
].join('\n');

const LINK_TYPES: [string, string][] = [
  ['ids', 'by-id'],
  ['uuids', 'by-uuid'],
  ['labels', 'by-label'],
];

export function deviceFacts(devlinks: string[], blockdevs: string[]): Dict {
  const links: Record<string, Record<string, string[]>> = { ids: {}, uuids: {}, labels: {}, masters: {} };
  const wwn: Record<string, string> = {};
  const pci: string[] = [];
  const uuidOf: Record<string, string> = {};
  for (const line of devlinks) {
    const [kind, name, target] = line.split(' ');
    if (kind === 'pci') pci.push(line.slice(4));
    else if (kind === 'slave') {
      const parts = name.split('/'); // /sys/block/<device>/slaves/<target>
      ((links.masters[parts[5]] ??= []) as string[]).push(parts[3]);
    } else {
      const type = LINK_TYPES.find(([, dir]) => dir === kind)?.[0];
      if (!type || !target) continue;
      const base = target.slice(target.lastIndexOf('/') + 1);
      (links[type][base] ??= []).push(name);
      if (kind === 'by-id' && name.startsWith('wwn-')) wwn[base] = name.slice(4);
      if (kind === 'by-uuid') uuidOf[base] ??= name;
    }
  }
  for (const byTarget of Object.values(links))
    for (const k of Object.keys(byTarget)) byTarget[k] = [...new Set(byTarget[k])].sort();
  const linksFor = (name: string) =>
    Object.fromEntries(Object.entries(links).map(([t, v]) => [t, v[name] ?? []]));

  const devices: Record<string, Dict> = {};
  let disk: Dict | undefined;
  let diskName = '';
  let files: Record<string, string> = {};
  let part: Dict | undefined;
  let partName = '';
  let sgRan = false;
  let partFiles: Record<string, string> = {};
  const finishPart = () => {
    if (!part) return;
    part.start = partFiles.start ?? 0;
    part.sectors = partFiles.size ?? 0;
    part.sectorsize = partFiles['queue/logical_block_size'] || partFiles['queue/hw_sector_size'] || 512;
    part.size = humanBytes(Number(part.sectors) * 512);
    part = undefined;
  };
  const finishDisk = () => {
    finishPart();
    if (!disk) return;
    for (const key of ['vendor', 'model', 'sas_address', 'sas_device_handle'])
      disk[key] = files[`device/${key}`] ?? null;
    // sg_inq's answer when it is installed, else the NVMe-style serial file
    if (!sgRan && files['device/serial']) disk.serial = files['device/serial'];
    disk.removable = files.removable ?? null;
    disk.support_discard = files['queue/discard_granularity'] ?? null;
    if (wwn[diskName]) disk.wwn = wwn[diskName];
    disk.rotational = files['queue/rotational'] ?? null;
    disk.scheduler_mode = /.*?(\[(.*)\])/.exec(files['queue/scheduler'] ?? '')?.[2] ?? '';
    disk.sectors = files.size || 0;
    disk.sectorsize = files['queue/logical_block_size'] || files['queue/hw_sector_size'] || 512;
    disk.size = humanBytes(Number(disk.sectors) * 512);
    disk = undefined;
  };
  for (const line of blockdevs) {
    if (line.startsWith('B ')) {
      finishDisk();
      const [, name, target = ''] = line.split(' ');
      diskName = name;
      files = {};
      sgRan = false;
      const sysdir = target || name;
      const pciId = /.+\/([a-f0-9]{4}:[a-f0-9]{2}:[01|][a-f0-9]\.[0-7])\//.exec(`/sys/block/${sysdir}`)?.[1];
      const host = pciId ? pci.find((l) => l.startsWith(`${pciId} `)) : undefined;
      disk = {
        virtual: 1,
        links: linksFor(name),
        partitions: {},
        holders: [],
        host: host ? host.slice(pciId?.length).replace(/^\s/, '') : '',
      };
      devices[name] = disk;
      continue;
    }
    if (!disk) continue;
    if (line === 'physical') disk.virtual = 0;
    else if (line.startsWith('sg ')) {
      sgRan = true;
      if (line.slice(3).trim()) disk.serial = line.slice(3).trim();
    } else if (line.startsWith('P ')) {
      finishPart();
      const name = line.slice(2);
      partName = name;
      partFiles = {};
      part = { links: linksFor(name), holders: [], uuid: uuidOf[name] ?? null };
      (disk.partitions as Dict)[name] = part;
    } else if (line.startsWith('H ')) {
      const [, owner, dm, ...rest] = line.split(' ');
      const holderOf = owner === diskName ? disk : ((disk.partitions as Dict)[owner] as Dict | undefined);
      if (holderOf) (holderOf.holders as string[]).push(rest.join(' ').trim() || dm);
    } else {
      const colon = line.indexOf(':');
      const pathPart = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      const segments = pathPart.split('/');
      if (segments[0] !== diskName || !value) continue;
      if (part && segments[1] === partName) partFiles[segments.slice(2).join('/')] = value;
      else files[segments.slice(1).join('/')] = value;
    }
  }
  finishDisk();
  return { ansible_devices: devices, ansible_device_links: links };
}
