/**
 * The V8 code cache the bundled CLI and host workers load through (src/boot/compile-cache.ts):
 * a CommonJS file runs as Node runs one, its cache is written only when asked and only into a
 * private directory, an accepted cache is not written again, a refused one is replaced.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCacheDir, flushCompileCache, loadCached } from '../../../src/boot/compile-cache.js';
import { tempDir } from '../../support/temp-dirs.js';

const MODULE = new URL('../../../src/boot/compile-cache.ts', import.meta.url).href;

/**
 * Loads `file` in a new Node process, as a run does, and flushes: V8 keeps compiled scripts in
 * memory, so only a fresh process shows whether a cache on disk is taken or refused.
 */
function loadInChild(file: string, cache: string): number {
  const code = `const m = await import(${JSON.stringify(MODULE)}); const r = m.loadCached(${JSON.stringify(file)}); m.flushCompileCache(); console.log(r.answer);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, FLOTILLA_COMPILE_CACHE: cache },
    encoding: 'utf8',
  });
  return Number(out.trim());
}

function bundle(dir: string, body = "exports.answer = require('./dep.cjs') * 2;"): string {
  writeFileSync(path.join(dir, 'dep.cjs'), 'module.exports = 21;\n');
  const file = path.join(dir, 'bundle.cjs');
  // a shebang line, a local require, and the CommonJS names
  writeFileSync(
    file,
    `#!/usr/bin/env node\n${body}\nexports.names = [typeof module, __filename, __dirname];\n`,
  );
  return file;
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.v8'));

describe('compile cache', () => {
  it('runs a CommonJS file and writes its cache at the flush, once', () => {
    const root = tempDir('flotilla-cc-');
    const cache = path.join(root, 'cache');
    const file = bundle(root);
    const first = loadCached(file, { FLOTILLA_COMPILE_CACHE: cache }) as { answer: number; names: string[] };
    expect(first.answer).toBe(42);
    expect(first.names).toEqual(['object', file, root]);
    expect(cacheFiles(cache)).toEqual([]);
    flushCompileCache();
    const [written] = cacheFiles(cache);
    expect(written).toMatch(/^bundle\.cjs\.[0-9a-f]{8}\.[0-9a-f]{24}\.v8$/);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cache, written)).mode & 0o777).toBe(0o600);
  });

  it('takes a good cache in the next process and replaces a refused one', { timeout: 90_000 }, () => {
    const root = tempDir('flotilla-cc-');
    const cache = path.join(root, 'cache');
    const file = bundle(root);
    expect(loadInChild(file, cache)).toBe(42);
    const [written] = cacheFiles(cache);
    const good = readFileSync(path.join(cache, written));
    // taken: not written again
    writeFileSync(path.join(cache, written), good);
    const mtime = statSync(path.join(cache, written)).mtimeMs;
    expect(loadInChild(file, cache)).toBe(42);
    expect(statSync(path.join(cache, written)).mtimeMs).toBe(mtime);
    // refused (not a code cache): replaced by one the next process takes
    writeFileSync(path.join(cache, written), 'not a code cache');
    expect(loadInChild(file, cache)).toBe(42);
    const replaced = statSync(path.join(cache, written));
    expect(replaced.size).toBeGreaterThan('not a code cache'.length);
    expect(loadInChild(file, cache)).toBe(42);
    expect(statSync(path.join(cache, written)).mtimeMs).toBe(replaced.mtimeMs);
  });

  it("drops the cache of the same file's earlier build when it writes the new one", () => {
    const root = tempDir('flotilla-cc-');
    const cache = path.join(root, 'cache');
    const env = { FLOTILLA_COMPILE_CACHE: cache };
    const file = bundle(root);
    loadCached(file, env);
    flushCompileCache();
    const [old] = cacheFiles(cache);
    bundle(root, 'exports.answer = 1;');
    expect((loadCached(file, env) as { answer: number }).answer).toBe(1);
    flushCompileCache();
    const now = cacheFiles(cache);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
  });

  it('uses only a directory of its own that nobody else can write, and can be turned off', () => {
    const root = tempDir('flotilla-cc-');
    const shared = path.join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(compileCacheDir({ FLOTILLA_COMPILE_CACHE: shared })).toBeUndefined();
    const file = bundle(root);
    expect((loadCached(file, { FLOTILLA_COMPILE_CACHE: shared }) as { answer: number }).answer).toBe(42);
    flushCompileCache();
    expect(cacheFiles(shared)).toEqual([]);

    for (const off of ['0', 'off', 'no', 'false'])
      expect(compileCacheDir({ FLOTILLA_COMPILE_CACHE: off })).toBeUndefined();
    expect(compileCacheDir({ XDG_CACHE_HOME: path.join(root, 'xdg') })).toBe(
      path.join(root, 'xdg', 'flotilla'),
    );
  });
});
