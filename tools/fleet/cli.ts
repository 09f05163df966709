/**
 * The fleet from a shell (scripts/demo.sh):
 *   `tsx tools/fleet/cli.ts start --hosts N [--dir D]` starts one and prints it as JSON;
 *   `tsx tools/fleet/cli.ts stop --dir D [--keep]` stops it by PID (--keep leaves its dir).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Fleet, startFleet, stopFleet } from './index.js';

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  const opt = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (cmd === 'start') {
    const fleet = await startFleet({
      hosts: Number(opt('--hosts') ?? 20),
      dir: opt('--dir'),
      detached: true,
    });
    process.stdout.write(`${JSON.stringify(fleet)}\n`);
  } else if (cmd === 'stop') {
    const dir = opt('--dir');
    if (!dir) throw new Error('stop needs --dir');
    const fleet = JSON.parse(readFileSync(path.join(dir, 'fleet.json'), 'utf8')) as Fleet;
    await stopFleet(fleet, { keepDir: rest.includes('--keep') });
  } else {
    throw new Error('usage: cli.ts start --hosts N [--dir D] | stop --dir D [--keep]');
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
