/**
 * The long fuzz run: `npx tsx scripts/fuzz.ts --runs N [--seed S] [--target ini|yaml-inventory|playbook|yaml|template]`.
 * Prints, per parser, the inputs tried, how many loaded or were rejected with a typed
 * error, the slowest, and every input that broke the invariant (exit 1 if any did).
 */
import { fuzzTarget } from '../test/fuzz/support/run-fuzz.js';
import { cleanupTargets, TARGETS, type TargetName } from '../test/fuzz/support/targets.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option('--runs') ?? 1000);
const seed = option('--seed') === undefined ? undefined : Number(option('--seed'));
const only = option('--target') as TargetName | undefined;
let broken = 0;
try {
  for (const target of Object.keys(TARGETS) as TargetName[]) {
    if (only && target !== only) continue;
    const started = Date.now();
    const r = fuzzTarget(target, runs, seed);
    broken += r.violations.length;
    console.log(
      `${target.padEnd(15)} tried ${r.tried}  loaded ${r.loaded}  rejected (typed) ${r.rejected}  slowest ${Math.round(r.slowestMs)} ms  total ${((Date.now() - started) / 1000).toFixed(1)} s  violations ${r.violations.length}`,
    );
    for (const v of r.violations.slice(0, 20)) console.log(`  ${v}`);
  }
} finally {
  cleanupTargets();
}
process.exitCode = broken > 0 ? 1 : 0;
