#!/usr/bin/env node
/**
 * The flotilla command line's entry: small on purpose. For `run`, the first host worker starts
 * loading (src/pool/prestart.ts) while this thread loads the rest of the CLI (a chunk of its
 * own in the bundle, scripts/bundle.mjs) and the playbook: on two cores the two overlap.
 * ansible.cfg is applied first (as environment variables, src/config/ansible-cfg.ts), so the
 * workers inherit it.
 */
import os from 'node:os';
import { findConfigFile, setConfigFileInUse } from '../config/find-config.js';
import { prestartHostWorker } from '../pool/prestart.js';

const command = process.argv[2];

function start(): void {
  if (command === 'run') prestartHostWorker();
  // No top-level await: the bundle is CommonJS (scripts/bundle.mjs). A failure to load is
  // an unhandled rejection, which ends the process with its error as an uncaught one would.
  void import('./program.js');
}

async function applyConfig(file: string): Promise<void> {
  try {
    const { applyConfigFile } = await import('../config/ansible-cfg.js');
    applyConfigFile(file, process.env);
    setConfigFileInUse(file);
  } catch (err) {
    const { reportError } = await import('./exit-codes.js');
    process.exit(reportError(err, (s) => process.stderr.write(s)));
  }
}

// ansible-playbook and ansible-inventory read ansible.cfg; the stress lab and --version need none.
const found =
  command === 'run' || command === 'inventory'
    ? findConfigFile({ env: process.env, cwd: process.cwd(), home: process.env.HOME ?? os.homedir() })
    : undefined;
for (const warning of found?.warnings ?? []) process.stderr.write(`[WARNING]: ${warning}\n`);
if (found?.file) void applyConfig(found.file).then(start);
else start();
