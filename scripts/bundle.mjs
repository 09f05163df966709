/**
 * Bundles the CLI and each worker entry into one ESM file apiece under dist/. Node 20 loads
 * ES modules and CommonJS packages file by file: our ~160 modules plus yaml and commander cost
 * the CLI about 0.25 s of start-up, and every worker about as much again; one file per entry
 * loads in a fraction of that. `dist/flotilla.mjs` is the `bin`; it finds its workers next to
 * itself (src/pool/worker-entry.ts).
 *
 * Left external: ssh2 (its optional native crypto binding is found relative to its own
 * files, and it is loaded lazily: src/connection/ssh2-lib.ts), piscina (it starts its own
 * worker script from its package directory) and nunjucks (src/template/nunjucks-internals.ts
 * requires its internal modules, which must be the same instances as the package's).
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const result = await build({
  entryPoints: {
    flotilla: 'src/cli/main.ts',
    'host-worker': 'workers/host-worker.ts',
    'stress-worker': 'workers/stress-worker.ts',
    'stress-bench-worker': 'workers/stress-bench-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // The CLI's entry is small and loads the rest with import() (src/cli/main.ts), so it can
  // start a host worker first: that needs the rest in chunks of their own. Chunks sit next to
  // the entries, where src/pool/worker-entry.ts and the package.json lookup expect them.
  splitting: true,
  chunkNames: '[name]-[hash]',
  external: ['ssh2', 'piscina', 'nunjucks', 'nunjucks/*'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has none.
  banner: {
    js: "import { createRequire as __flotillaRequire } from 'node:module';\nconst require = __flotillaRequire(import.meta.url);",
  },
  // Less source for every thread to read and compile at start-up (about 45 % fewer bytes);
  // identifiers are kept, so stack traces and class names read as in the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});

// Chunk names carry a content hash: drop the chunks of earlier builds.
const outputs = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
for (const name of readdirSync('dist')) {
  const file = path.resolve('dist', name);
  if (/\.mjs(\.map)?$/.test(name) && !outputs.has(file)) rmSync(file);
}
