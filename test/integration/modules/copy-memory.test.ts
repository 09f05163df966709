/**
 * copy streams from disk: a 32 MiB file to six hosts at once keeps the CLI's peak RSS (GNU
 * time's %M, all worker threads included) near a run that copies nothing. Holding the file
 * per host, as before, peaked at 368 MB here; streaming at 180 MB. bench/copy-memory.ts
 * measures the large case (100 MiB to 50 hosts) against Ansible.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../../tools/fleet/index.js';
import { CLI } from '../../support/cli.js';

const fleet = inject('fleet') as Fleet;
const root = mkdtempSync('/tmp/flotilla-copymem-test-');
const HOSTS = 6;
const MIB = 32;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function peakRss(args: string[]): Promise<{ rssMB: number; code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/time',
      ['-f', 'PEAK-RSS-KB %M', process.execPath, CLI, ...args],
      { env: { ...process.env, ANSIBLE_NOCOLOR: '1' }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const kb = Number(/PEAK-RSS-KB (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
        resolve({ rssMB: kb / 1024, code: err ? Number(err.code ?? 1) : 0, stdout: stdout + stderr });
      },
    );
  });
}

describe('copy memory', () => {
  it(`copies ${MIB} MiB to ${HOSTS} hosts within a bounded peak RSS`, async () => {
    const src = path.join(root, 'src.bin');
    // Distinct bytes in every MiB, so a truncated or misplaced chunk shows in the checksum.
    const mib = Buffer.alloc(1 << 20);
    writeFileSync(src, '');
    for (let i = 0; i < MIB; i++) writeFileSync(src, mib.fill(i), { flag: 'a' });
    const hosts = fleet.hosts.slice(12, 12 + HOSTS);
    for (const h of hosts) mkdirSync(path.join(root, h.name));
    const common = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
    const inventory = path.join(root, 'hosts.ini');
    writeFileSync(
      inventory,
      `[fleet]\n${hosts.map((h) => `${h.name} ansible_host=${h.address}`).join('\n')}\n\n[fleet:vars]${common}`,
    );
    const play = path.join(root, 'play.yml');
    writeFileSync(
      play,
      `- hosts: fleet\n  gather_facts: false\n  tasks:\n    - copy: { src: ${src}, dest: "${root}/{{ inventory_hostname }}/f.bin" }\n`,
    );
    const r = await peakRss(['run', '-i', inventory, play, '-f', String(HOSTS)]);
    expect(r.code, r.stdout).toBe(0);
    for (const h of hosts) {
      const copy = path.join(root, h.name, 'f.bin');
      expect(statSync(copy).size).toBe(MIB << 20);
      expect(readFileSync(copy).equals(readFileSync(src))).toBe(true);
    }
    // A run that copies nothing peaks near 100 MB; holding the file per host reached 368 MB.
    expect(r.rssMB, `peak RSS ${r.rssMB.toFixed(0)} MB`).toBeLessThan(260);
  });
});
