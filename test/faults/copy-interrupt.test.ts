/**
 * The controller interrupted in the middle of copying a large file to three hosts: SIGINT
 * (exit 99, "User interrupted execution", as ansible-playbook) and SIGTERM (143, as a shell
 * reports ansible-playbook ended by it). No `.flotilla-tmp-*` file is left on any host and
 * no process of the copy still runs there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../tools/fleet/index.js';
import { interruptCopy } from './helpers.js';

const fleet = inject('fleet') as Fleet;
const root = mkdtempSync('/tmp/flotilla-faults-interrupt-');
const big = path.join(root, 'big.bin');

beforeAll(() => {
  // Sparse: made at once, read as zeros; 128 MiB takes seconds to send, so the signal lands mid-copy.
  execFileSync('truncate', ['-s', '128M', big]);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the controller interrupted mid-copy', () => {
  it('SIGINT: exit 99, no temp file and no process left on any host', async () => {
    const r = await interruptCopy(fleet, root, big, 'SIGINT', 3);
    expect(r.status, r.output).toBe(99);
    expect(r.output).toContain('User interrupted execution');
  });

  it('SIGTERM: status 143, no temp file and no process left on any host', async () => {
    const r = await interruptCopy(fleet, root, big, 'SIGTERM', 6);
    expect(r.status, r.output).toBe(143);
  });
});
