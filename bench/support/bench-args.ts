/** The command-line options shared by the side-by-side benches (side-by-side.ts). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function benchArgs() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
  };
  // --cli: a copy of dist/ to run, so a rebuild during a long bench does not change the runs.
  const cli = path.resolve(root, arg('--cli', 'dist/flotilla.mjs'));
  if (!existsSync(cli)) throw new Error('run `npm run build` first');
  return {
    hosts: Number(arg('--hosts', '200')),
    runs: Number(arg('--runs', '1')),
    forks: arg('--forks', '50'),
    compareHosts: Number(arg('--compare', '5')),
    // Both tools' defaults (10 s) fail hosts when the machine is shared and loaded: a connection
    // handshake, or flotilla's setup script (given 3x gather_timeout), takes longer than that.
    timeout: arg('--timeout', '10'),
    cli,
  };
}
