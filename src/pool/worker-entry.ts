/**
 * Where a worker's code is: the compiled `.js` next to us when running from dist/, the
 * `.ts` source (loaded through tsx) when running from source in development and tests.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  filename: string;
  execArgv: string[];
}

export function resolveWorkerEntry(name: string): WorkerEntry {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) {
    const js = fileURLToPath(new URL(`../../workers/${name}.js`, import.meta.url));
    if (existsSync(js)) return { filename: js, execArgv: [] };
  }
  const ts = fileURLToPath(new URL(`../../workers/${name}.ts`, import.meta.url));
  return { filename: ts, execArgv: ['--import', 'tsx'] };
}
