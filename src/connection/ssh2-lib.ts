/**
 * ssh2, loaded on first use. It is CommonJS, so a synchronous require keeps callers simple;
 * loading it lazily spares the CLI's main thread (which never opens SSH) and every worker
 * whose plays run only on the controller its ~90 ms load.
 */
import { createRequire } from 'node:module';
import type Ssh2 from 'ssh2';

const require = createRequire(import.meta.url);
let lib: typeof Ssh2 | undefined;

export function ssh2(): typeof Ssh2 {
  lib ??= require('ssh2') as typeof Ssh2;
  return lib;
}
