/**
 * Loads the CommonJS bundles of dist/ (scripts/bundle.mjs) through V8's code cache, so a run
 * does not compile the CLI's and each host worker's code again: compiling them was most of a
 * one-host play's start-up (Node 20 has no compile cache for ES modules; Node 22's
 * NODE_COMPILE_CACHE does this same thing).
 *
 * A bundle runs as Node runs a CommonJS file (Module.wrap, its own require), from a
 * vm.Script given the cached data of an earlier run. When there was none, or V8 refused it
 * (another Node, other flags, another build: V8 checks the source and flags itself), the cache
 * is written once the thread has done its work (`flushCompileCache`: at the main thread's
 * exit, at a host worker's shutdown), so it holds the functions a run compiled, not only the
 * top level.
 *
 * Where: FLOTILLA_COMPILE_CACHE names the directory, or turns the cache off (0/off/false/no);
 * by default `$XDG_CACHE_HOME/flotilla` (else ~/.cache/flotilla). Cached code is run, so the
 * directory must be this user's own and writable by nobody else: any other directory is not
 * used. Files are written whole (a temporary name, then rename) with mode 0600; a file of an
 * earlier build of the same bundle is removed when its successor is written. Any failure
 * only means a cold start.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';

interface Pending {
  script: vm.Script;
  file: string;
  prefix: string;
}

/** Scripts whose cache is to be written; shared by every copy of this module in a thread. */
const REGISTRY = Symbol.for('flotilla.compileCache.pending');
function pending(): Pending[] {
  const g = globalThis as { [REGISTRY]?: Pending[] };
  g[REGISTRY] ??= [];
  return g[REGISTRY];
}

const OFF = new Set(['0', 'off', 'false', 'no', '']);

/** The cache directory to use, created if missing; undefined when off or not safe. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.FLOTILLA_COMPILE_CACHE;
  if (setting !== undefined && OFF.has(setting.trim().toLowerCase())) return undefined;
  let dir = setting?.trim();
  if (!dir) {
    const base = env.XDG_CACHE_HOME || (os.homedir() && path.join(os.homedir(), '.cache'));
    if (!base) return undefined;
    dir = path.join(base, 'flotilla');
  }
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    const ownUid = process.getuid?.();
    if (!st.isDirectory() || (ownUid !== undefined && st.uid !== ownUid) || (st.mode & 0o022) !== 0)
      return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Runs the CommonJS file `file` (a bundle of dist/) and returns its exports. */
export function loadCached(file: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const dir = compileCacheDir(env);
  // One cache per bundle file: builds in two places do not evict each other's.
  const prefix = `${path.basename(file)}.${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 8)}.`;
  // Names this build of the file for this Node; the file's size and time stand for its
  // content (hashing ~1 MB each run cost more than it saved): V8 checks the source itself.
  const st = fs.statSync(file);
  const key = createHash('sha256')
    .update(`${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${st.size}\0${st.mtimeMs}`)
    .digest('hex')
    .slice(0, 24);
  const cacheFile = dir && path.join(dir, `${prefix}${key}.v8`);
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {}
  }
  // A `#!` line is a comment to Node's own loader; the same length keeps the columns.
  const code = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = new vm.Script(Module.wrap(code), { filename: file, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected))
    pending().push({ script, file: cacheFile, prefix });
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/** Writes the caches this thread's loads are waiting for (once each); never throws. */
export function flushCompileCache(): void {
  const list = pending();
  for (const { script, file, prefix } of list.splice(0)) {
    try {
      const data = script.createCachedData();
      const tmp = `${file}.${process.pid}.${threadId}.tmp`;
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file);
      const dir = path.dirname(file);
      for (const name of fs.readdirSync(dir)) {
        if (name.startsWith(prefix) && name.endsWith('.v8') && name !== path.basename(file))
          fs.rmSync(path.join(dir, name), { force: true });
      }
    } catch {}
  }
}
