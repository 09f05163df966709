/** `flotilla stress`: the race lab on real worker threads, naive against safe. */
import type { Command } from 'commander';
import { FlotillaError } from '../errors/index.js';
import { formatStressTable, runStress, STRESS_DEFAULTS, stressScenarioNames } from '../stress/index.js';
import { reportError } from './exit-codes.js';

interface StressFlags {
  mode: string;
  threads?: string;
  iterations?: string;
  permits?: string;
  seed?: string;
  json?: boolean;
}

export function registerStressCommand(program: Command): void {
  program
    .command('stress')
    .description(
      'reproduce a locking or connection-pool hazard on real threads (naive) and show the fix (safe)',
    )
    .argument('<scenario>', `one of: ${stressScenarioNames().join(', ')}`)
    .option('--mode <mode>', 'naive (no lock: the defect shows) or safe (our primitive)', 'safe')
    .option('--threads <n>', 'worker threads')
    .option('--iterations <n>', 'iterations per thread')
    .option('--permits <n>', 'semaphore permits')
    .option('--seed <n>', 'seed of the random but repeatable delays')
    .option('--json', 'print the report as one JSON object on the last line')
    .addHelpText(
      'after',
      '\nExamples:\n  flotilla stress mutex --mode naive --threads 4\n  flotilla stress semaphore --mode safe --permits 3 --json',
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
  try {
    if (!stressScenarioNames().includes(scenario)) {
      throw new FlotillaError('FLT_CLI_OPTION', `unknown stress scenario "${scenario}"`, {
        hint: `choose one of: ${stressScenarioNames().join(', ')}`,
      });
    }
    if (flags.mode !== 'naive' && flags.mode !== 'safe') {
      throw new FlotillaError('FLT_CLI_OPTION', `--mode must be naive or safe, got "${flags.mode}"`);
    }
    const report = await runStress({
      scenario,
      mode: flags.mode,
      threads: num(flags.threads, 'threads') ?? STRESS_DEFAULTS.threads,
      iterations: num(flags.iterations, 'iterations') ?? STRESS_DEFAULTS.iterations,
      permits: num(flags.permits, 'permits'),
      seed: num(flags.seed, 'seed'),
    });
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatStressTable(report)}\n`);
    return report.mode === 'safe' && report.violations > 0 ? 1 : 0;
  } catch (err) {
    return reportError(err, (s) => process.stderr.write(s));
  }
}
