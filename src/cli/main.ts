#!/usr/bin/env node
/**
 * The flotilla command line's entry: small on purpose. For `run`, the first host worker starts
 * loading (src/pool/prestart.ts) while this thread loads the rest of the CLI (a chunk of its
 * own in the bundle, scripts/bundle.mjs) and the playbook: on two cores the two overlap.
 */
import { prestartHostWorker } from '../pool/prestart.js';

if (process.argv[2] === 'run') prestartHostWorker();
// No top-level await: the bundle is CommonJS (scripts/bundle.mjs). A failure to load is
// an unhandled rejection, which ends the process with its error as an uncaught one would.
void import('./program.js');
