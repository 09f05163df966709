import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  /** What to pass to `new Worker()`: a file path, or bootstrap source when `eval` is true. */
  filename: string;
  eval: boolean;
  execArgv: string[];
  /** The real entry file (for messages). */
  file: string;
}

/**
 * Finds `workers/<name>` relative to this module. From the bundled CLI (`dist/cli.cjs`,
 * scripts/bundle.mjs) it is the entry next to it: `dist/<name>.cjs` (the host worker, loaded
 * through the compile cache) or `dist/<name>.mjs`. From the tsc output (`dist/src/stress/*.js`)
 * it is `dist/workers/<name>.js`. From sources it is the `.ts` file, loaded through tsx: Node
 * 20 ignores `--import tsx` in a worker's execArgv for the worker's own entry file, so the
 * entry is a two-line bootstrap that registers tsx and then imports the `.ts` file.
 */
export function resolveWorkerEntry(name: string, from: string = import.meta.url): WorkerEntry {
  if (from.endsWith('.cjs') || from.endsWith('.mjs')) {
    for (const ext of ['.cjs', '.mjs']) {
      const bundled = fileURLToPath(new URL(`./${name}${ext}`, from));
      if (existsSync(bundled)) return { filename: bundled, eval: false, execArgv: [], file: bundled };
    }
  }
  if (from.endsWith('.js')) {
    const js = fileURLToPath(new URL(`../../workers/${name}.js`, from));
    if (existsSync(js)) return { filename: js, eval: false, execArgv: [], file: js };
  }
  const tsUrl = new URL(`../../workers/${name}.ts`, from);
  return { ...tsBootstrap(tsUrl.href), file: fileURLToPath(tsUrl) };
}

/** Bootstrap that runs a TypeScript worker file through tsx (for tests and development). */
export function tsBootstrap(fileUrl: string): Omit<WorkerEntry, 'file'> {
  const source = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(fileUrl)}); });`;
  return { filename: source, eval: true, execArgv: [] };
}

export function startWorker(entry: Omit<WorkerEntry, 'file'>, options: WorkerOptions = {}): Worker {
  return new Worker(entry.filename, { ...options, eval: entry.eval, execArgv: entry.execArgv });
}
