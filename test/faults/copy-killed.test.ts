/**
 * The controller killed (SIGKILL) in the middle of copying a large file to three hosts:
 * nothing on the controller can clean up, so the hosts must. Each host's receiving shell
 * sees its stdin end short when sshd closes the dead connection, and removes its temp file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../tools/fleet/index.js';
import { interruptCopy } from './helpers.js';

const fleet = inject('fleet') as Fleet;
const root = mkdtempSync('/tmp/flotilla-faults-killed-');
const big = path.join(root, 'big.bin');

beforeAll(() => {
  execFileSync('truncate', ['-s', '128M', big]);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the controller killed mid-copy', () => {
  it('SIGKILL: the hosts remove their temp files and leave no process', async () => {
    const r = await interruptCopy(fleet, root, big, 'SIGKILL', 9);
    expect(r.status).toBe(137);
  });
});
