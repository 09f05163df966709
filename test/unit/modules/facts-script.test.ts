/**
 * The facts script run on this machine by /bin/sh (dash on Debian: POSIX only) and by bash
 * (a login shell over ssh): the same facts from both, and no trace of the script's own work
 * (its `cd`s) in the environment it reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../../src/modules/util/facts.js';
import { factsScript } from '../../../src/modules/util/facts-script.js';

// node stands in for the interpreter: an ELF binary that is sure to be there
const SCRIPT = factsScript('/nonexistent/facts.d', 10, process.execPath);
const VOLATILE = [
  'ansible_date_time',
  'ansible_loadavg',
  'ansible_memfree_mb',
  'ansible_memory_mb',
  'ansible_swapfree_mb',
  'ansible_uptime_seconds',
  'ansible_mounts',
  'ansible_env',
];

function factsUnder(shell: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const r = spawnSync(shell, ['-c', SCRIPT], { encoding: 'utf8', cwd: os.tmpdir(), env, timeout: 30_000 });
  expect(r.stdout).toContain('@@env');
  return gatherFacts(r.stdout).facts;
}

const baseEnv = { PATH: process.env.PATH, HOME: os.homedir(), LOGNAME: os.userInfo().username };

describe.skipIf(!existsSync('/bin/sh') || !existsSync('/bin/bash'))(
  'the facts script on this machine',
  () => {
    it('gives the same facts under /bin/sh and bash', { timeout: 60_000 }, () => {
      const strip = (f: Record<string, unknown>) => {
        for (const k of VOLATILE) delete f[k];
        return f;
      };
      const sh = factsUnder('/bin/sh', baseEnv);
      const bash = factsUnder('/bin/bash', baseEnv);
      expect(sh.ansible_system).toBe('Linux');
      expect(sh.ansible_nodename).toBe(os.hostname());
      expect(sh.ansible_user_id).toBe(os.userInfo().username);
      expect(sh.ansible_processor_nproc).toBeGreaterThan(0);
      expect(Object.keys(sh.ansible_env as object)).toContain('PATH');
      expect(strip(sh)).toEqual(strip(bash));
    });

    it('reports the environment it was started with: its cd leaves PWD and OLDPWD as they were', {
      timeout: 60_000,
    }, () => {
      for (const shell of ['/bin/sh', '/bin/bash']) {
        const set = factsUnder(shell, { ...baseEnv, OLDPWD: '/var' }).ansible_env as Record<string, string>;
        expect(set.OLDPWD, shell).toBe('/var');
        expect(set.PWD, shell).toBe(os.tmpdir());
        const unset = factsUnder(shell, baseEnv).ansible_env as Record<string, string>;
        expect(unset.OLDPWD, shell).toBeUndefined();
      }
    });
  },
);
