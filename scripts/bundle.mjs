/**
 * Bundles the CLI and each worker entry into one file apiece under dist/. Node 20 loads
 * ES modules and CommonJS packages file by file: our ~160 modules plus yaml and commander cost
 * the CLI about 0.25 s of start-up, and every worker about as much again; one file per entry
 * loads in a fraction of that. Compiling the bundles was then most of what was left: the CLI
 * (`cli.cjs`) and the host worker (`host-worker.bundle.cjs`) are CommonJS, run through V8's
 * code cache by src/boot/compile-cache.ts (`boot.cjs`). `dist/flotilla.mjs` is the `bin`, a
 * loader written below; the CLI finds its workers next to itself (src/pool/worker-entry.ts).
 *
 * Left external: ssh2 (its optional native crypto binding is found relative to its own
 * files, and it is loaded lazily: src/connection/ssh2-lib.ts), piscina (it starts its own
 * worker script from its package directory) and nunjucks (src/template/nunjucks-internals.ts
 * requires its internal modules, which must be the same instances as the package's).
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const shared = {
  outdir: 'dist',
  bundle: true,
  // Left to node_modules: see the top of this file.
  external: ['ssh2', 'piscina', 'nunjucks', 'nunjucks/*'],
  platform: 'node',
  target: 'node20',
  // Less source for every thread to read and compile (about 45 % fewer bytes); identifiers are
  // kept, so stack traces and class names read as in the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
};

// The CLI and the host worker: CommonJS, so src/boot/compile-cache.ts can run them from V8's
// code cache. `import.meta.url` becomes the bundle's own file URL.
const cjs = await build({
  ...shared,
  entryPoints: {
    cli: 'src/cli/main.ts',
    'host-worker.bundle': 'workers/host-worker.ts',
    boot: 'src/boot/compile-cache.ts',
  },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__flotillaMetaUrl' },
  banner: { js: "var __flotillaMetaUrl=require('node:url').pathToFileURL(__filename).href;" },
});

// The stress workers (`flotilla stress`): ES modules, as they wait at their top level.
const esm = await build({
  ...shared,
  entryPoints: {
    'stress-worker': 'workers/stress-worker.ts',
    'stress-bench-worker': 'workers/stress-bench-worker.ts',
  },
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __flotillaRequire } from 'node:module';\nconst require = __flotillaRequire(import.meta.url);",
  },
});

// The two entries that load the CommonJS bundles through the compile cache.
const LOADERS = {
  'flotilla.mjs': `#!/usr/bin/env node
// flotilla's command line (scripts/bundle.mjs): runs cli.cjs through V8's code cache.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { flushCompileCache, loadCached } = require('./boot.cjs');
process.on('exit', flushCompileCache);
loadCached(require.resolve('./cli.cjs'));
`,
  'host-worker.cjs': `'use strict';
// Piscina's entry for host workers (scripts/bundle.mjs): host-worker.bundle.cjs through V8's
// code cache; the worker writes its cache at shutdown.
module.exports = require('./boot.cjs').loadCached(require.resolve('./host-worker.bundle.cjs'));
`,
};

// Chunk names carry a content hash: drop the outputs of earlier builds.
const outputs = new Set(
  [cjs, esm].flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => path.resolve(f)),
);
for (const name of Object.keys(LOADERS)) outputs.add(path.resolve('dist', name));
for (const name of readdirSync('dist')) {
  const file = path.resolve('dist', name);
  if (/\.[cm]js(\.map)?$/.test(name) && !outputs.has(file)) rmSync(file);
}
for (const [name, text] of Object.entries(LOADERS))
  writeFileSync(path.join('dist', name), text, { mode: 0o755 });
