/** `flotilla stress`: the race lab on real worker threads, naive against safe. */
import type { Command } from 'commander';
import { FlotillaError } from '../errors/index.js';
import {
  formatStressComparison,
  formatStressTable,
  runStress,
  runStressAll,
  type StressAllOptions,
  stressScenarioNames,
} from '../stress/index.js';
import { reportError } from './exit-codes.js';

interface StressFlags {
  mode: string;
  threads?: string;
  iterations?: string;
  permits?: string;
  seed?: string;
  hosts?: string;
  transport: string;
  inventory?: string;
  json?: boolean;
}

export function registerStressCommand(program: Command): void {
  program
    .command('stress')
    .description(
      'reproduce a locking or connection-pool hazard on real threads (naive) and show the fix (safe)',
    )
    .argument('<scenario>', `one of: ${stressScenarioNames().join(', ')}, or all`)
    .option('--mode <mode>', 'naive (the hazard shows) or safe (flotilla primitives and pool)', 'safe')
    .option('--threads <n>', 'worker threads (default: per scenario)')
    .option('--iterations <n>', 'iterations per thread (default: per scenario)')
    .option('--hosts <n>', 'hosts of the connection-pool scenarios (default: per scenario)')
    .option('--transport <kind>', 'sim (simulated connections) or ssh (real ones to -i hosts)', 'sim')
    .option('-i, --inventory <file>', 'inventory whose first --hosts hosts --transport ssh connects to')
    .option('--permits <n>', 'semaphore permits')
    .option('--seed <n>', 'seed of the random but repeatable delays')
    .option('--json', 'print the report as one JSON object on the last line')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  flotilla stress double-create --mode naive --threads 4 --hosts 8',
        '  flotilla stress double-create --mode safe --transport ssh -i hosts.ini --json',
        '  flotilla stress all',
        '',
        'Exit status: 1 when the safe mode shows a violation (or an error), else 0.',
      ].join('\n'),
    )
    .action(async (scenario: string, flags: StressFlags) => {
      process.exitCode = await stressCommand(scenario, flags);
    });
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new FlotillaError('FLT_CLI_OPTION', `--${name} must be a whole number, got "${v}"`);
  return n;
}

async function stressCommand(scenario: string, flags: StressFlags): Promise<number> {
  const write = (s: string) => process.stdout.write(s);
  try {
    if (scenario !== 'all' && !stressScenarioNames().includes(scenario)) {
      throw new FlotillaError('FLT_CLI_OPTION', `unknown stress scenario "${scenario}"`, {
        hint: `choose one of: ${stressScenarioNames().join(', ')}, all`,
      });
    }
    if (flags.mode !== 'naive' && flags.mode !== 'safe') {
      throw new FlotillaError('FLT_CLI_OPTION', `--mode must be naive or safe, got "${flags.mode}"`);
    }
    if (flags.transport !== 'sim' && flags.transport !== 'ssh') {
      throw new FlotillaError('FLT_CLI_OPTION', `--transport must be sim or ssh, got "${flags.transport}"`);
    }
    const common: StressAllOptions = {
      threads: num(flags.threads, 'threads'),
      iterations: num(flags.iterations, 'iterations'),
      hosts: num(flags.hosts, 'hosts'),
      permits: num(flags.permits, 'permits'),
      seed: num(flags.seed, 'seed'),
      transport: flags.transport,
      inventory: flags.inventory,
    };
    if (scenario === 'all') {
      const rows = await runStressAll(common);
      if (flags.json) write(`${JSON.stringify({ scenarios: rows.flatMap((r) => [r.naive, r.safe]) })}\n`);
      else write(`${formatStressComparison(rows)}\n`);
      return rows.some((r) => r.safe.violations > 0) ? 1 : 0;
    }
    const report = await runStress({ ...common, scenario, mode: flags.mode });
    write(flags.json ? `${JSON.stringify(report)}\n` : `${formatStressTable(report)}\n`);
    return report.mode === 'safe' && report.violations > 0 ? 1 : 0;
  } catch (err) {
    return reportError(err, (s) => process.stderr.write(s));
  }
}
