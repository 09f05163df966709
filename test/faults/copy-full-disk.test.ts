/**
 * copy and template to a full disk (a 2 MiB tmpfs) on one host of three: the failing host
 * reports Ansible 2.14's atomic_move text ([Errno 28] No space left on device), its temp
 * files are gone and the disk is free again; the other hosts complete.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../tools/fleet/index.js';
import { runCli } from '../support/cli.js';
import { faultInventory, leftoverTemps } from './helpers.js';

const fleet = inject('fleet') as Fleet;
const root = mkdtempSync('/tmp/flotilla-faults-fulldisk-');
const full = path.join(root, 'full');
const SIZE = 3_000_000;

beforeAll(() => {
  mkdirSync(full);
  // Needs root, as the suite runs (CI too).
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', full]);
  writeFileSync(path.join(root, 'src.bin'), Buffer.alloc(SIZE, 7));
  writeFileSync(path.join(root, 'big.txt'), 'y'.repeat(SIZE));
  writeFileSync(path.join(root, 'big.j2'), `{{ inventory_hostname }}\n${'z'.repeat(SIZE)}`);
});

afterAll(() => {
  try {
    execFileSync('umount', [full]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const PLAY = `- hosts: fleet
  gather_facts: false
  tasks:
    - name: content
      copy: { content: "{{ lookup('file', 'big.txt') }}", dest: "{{ dest_dir }}/c.txt" }
      ignore_errors: true
    - name: template
      template: { src: big.j2, dest: "{{ dest_dir }}/t.txt" }
      ignore_errors: true
    - name: src
      copy: { src: src.bin, dest: "{{ dest_dir }}/f.bin" }
`;

/** The results printed as `fatal: [host]: FAILED! => {…}`. */
function fatals(stdout: string, host: string): Record<string, unknown>[] {
  const prefix = `fatal: [${host}]: FAILED! => `;
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => JSON.parse(l.slice(prefix.length)));
}

describe('copy and template to a full disk', () => {
  it("fail with Ansible's ENOSPC text, leave no temp file and a free disk; other hosts complete", async () => {
    const ok = path.join(root, 'ok');
    const inventory = faultInventory(fleet, root, 0, 3, (name) =>
      name === fleet.hosts[0].name ? `dest_dir=${full}` : `dest_dir=${ok}/${name}`,
    );
    for (const h of fleet.hosts.slice(1, 3)) mkdirSync(path.join(ok, h.name), { recursive: true });
    const play = path.join(root, 'play.yml');
    writeFileSync(play, PLAY);
    const r = await runCli(['run', '-i', inventory, play], { cwd: root });
    expect(r.code, r.stdout + r.stderr).toBe(2);

    const failed = fatals(r.stdout, fleet.hosts[0].name);
    const destOf = (f: Record<string, unknown>) => /' to (\/\S+): \[Errno/.exec(String(f.msg))?.[1];
    expect(failed.map((f) => path.basename(destOf(f) ?? ''))).toEqual(['c.txt', 't.txt', 'f.bin']);
    for (const f of failed) {
      // Ansible 2.14: "Failed to replace file: b'SRC' to DEST: [Errno 28] No space left on device: b'SRC' -> b'TMP'"
      expect(f.msg).toMatch(
        /^Failed to replace file: b'.+' to \/.+: \[Errno 28\] No space left on device: b'.+' -> b'.+\/\.flotilla-tmp-[0-9a-f]+'$/,
      );
      expect(f).toMatchObject({ changed: false, checksum: expect.stringMatching(/^[0-9a-f]{40}$/) });
    }
    expect(r.stdout).toContain(
      'An exception occurred during task execution. To see the full traceback, use -vvv. The error was: OSError: [Errno 28] No space left on device: ',
    );

    // Nothing left behind: no temp file, no partial destination, the space given back.
    expect(readdirSync(full)).toEqual([]);
    const fs = statfsSync(full);
    expect(fs.bfree / fs.blocks).toBeGreaterThan(0.9);

    for (const h of fleet.hosts.slice(1, 3)) {
      const dir = path.join(ok, h.name);
      expect(statSync(path.join(dir, 'f.bin')).size).toBe(SIZE);
      expect(statSync(path.join(dir, 'c.txt')).size).toBe(SIZE);
      expect(existsSync(path.join(dir, 't.txt'))).toBe(true);
      expect(r.stdout).toMatch(new RegExp(`${h.name}\\s+: ok=3\\s+changed=3\\s+unreachable=0\\s+failed=0`));
    }
    expect(r.stdout).toMatch(
      new RegExp(
        `${fleet.hosts[0].name}\\s+: ok=2\\s+changed=0\\s+unreachable=0\\s+failed=1\\s+skipped=0\\s+rescued=0\\s+ignored=2`,
      ),
    );
    expect(leftoverTemps(root)).toEqual([]);
  });
});
