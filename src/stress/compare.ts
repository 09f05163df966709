/** `flotilla stress all`: every scenario, naive then safe, side by side. */
import { runStress } from './run.js';
import { SCENARIOS } from './scenarios/index.js';
import type { StressOptions, StressReport } from './types.js';

export interface StressComparison {
  scenario: string;
  reproduces: string;
  describe: string;
  headline: string[];
  naive: StressReport;
  safe: StressReport;
}

export type StressAllOptions = Omit<StressOptions, 'scenario' | 'mode'>;

/** Runs scenarios one after another (never two at once: they would share the cores). */
export async function runStressAll(
  opts: StressAllOptions,
  onDone?: (c: StressComparison) => void,
): Promise<StressComparison[]> {
  const out: StressComparison[] = [];
  for (const scenario of SCENARIOS.values()) {
    const naive = await runStress({ ...opts, scenario: scenario.name, mode: 'naive' });
    const safe = await runStress({ ...opts, scenario: scenario.name, mode: 'safe' });
    const c: StressComparison = {
      scenario: scenario.name,
      reproduces: scenario.reproduces ?? 'locks',
      describe: scenario.describe,
      headline: scenario.headline ?? [],
      naive,
      safe,
    };
    out.push(c);
    onDone?.(c);
  }
  return out;
}
