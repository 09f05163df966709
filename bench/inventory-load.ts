/**
 * Generates a 10,000-host INI inventory (groups, children, vars, group_vars) in a temp
 * dir, times loadInventory + getHostVars for every host, and, when ansible-inventory
 * is installed, times `ansible-inventory --list` on the same file and prints the ratio.
 * Run: npx tsx bench/inventory-load.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHostVars, loadInventory, selectHosts } from '../src/inventory/index.js';

const HOSTS = 10_000;
const RACKS = 100;

function generate(dir: string): string {
  const lines: string[] = [];
  for (let r = 0; r < RACKS; r++) {
    const per = HOSTS / RACKS;
    lines.push(`[rack${r}]`);
    for (let h = 0; h < per; h++) lines.push(`node${r * per + h}.example.com rack_slot=${h} weight=${h % 7}`);
    lines.push(`[rack${r}:vars]`, `rack_id=${r}`, `power="feed-${r % 2}"`);
  }
  for (let z = 0; z < 10; z++) {
    lines.push(`[zone${z}:children]`);
    for (let r = z; r < RACKS; r += 10) lines.push(`rack${r}`);
    lines.push(`[zone${z}:vars]`, `zone=${z}`, 'ntp={"servers": ["a", "b"]}');
  }
  lines.push(
    '[dc:children]',
    ...Array.from({ length: 10 }, (_, z) => `zone${z}`),
    '[all:vars]',
    'ansible_user=ops',
  );
  const file = join(dir, 'hosts.ini');
  writeFileSync(file, lines.join('\n'));
  mkdirSync(join(dir, 'group_vars'));
  writeFileSync(join(dir, 'group_vars', 'zone3.yml'), 'zone_label: three\n');
  return file;
}

const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-'));
try {
  const file = generate(dir);
  const t0 = performance.now();
  const inv = loadInventory([file]);
  const t1 = performance.now();
  let keys = 0;
  for (const host of inv.hosts.keys()) keys += Object.keys(getHostVars(inv, host)).length;
  const t2 = performance.now();
  const selected = selectHosts(inv, 'zone3:&rack1*:!node135*').length;
  const t3 = performance.now();
  const ours = t2 - t0;
  console.log(`hosts: ${inv.hosts.size}, groups: ${inv.groups.size}, vars read: ${keys}`);
  console.log(`loadInventory: ${(t1 - t0).toFixed(1)} ms`);
  console.log(`getHostVars x${inv.hosts.size}: ${(t2 - t1).toFixed(1)} ms`);
  console.log(`selectHosts (union/intersection/exclusion, ${selected} hosts): ${(t3 - t2).toFixed(1)} ms`);
  console.log(`flotilla total: ${ours.toFixed(1)} ms`);
  if (existsSync('/usr/bin/ansible-inventory')) {
    const a0 = performance.now();
    execFileSync('ansible-inventory', ['-i', file, '--list'], {
      env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
      maxBuffer: 1 << 30,
    });
    const baseline = performance.now() - a0;
    console.log(`ansible-inventory --list (baseline): ${baseline.toFixed(1)} ms`);
    console.log(`ratio: ${(baseline / ours).toFixed(1)}x faster than ansible-inventory`);
  } else {
    console.log('ansible-inventory not installed: no baseline ratio');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
