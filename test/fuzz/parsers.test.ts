/**
 * Fuzz suite, short run (issue 13): every parser either loads the input or throws a typed
 * FlotillaError (file:line:col when it read a file), within 2 s, for generated near-valid
 * inputs and a hostile corpus. The long run is `npx tsx scripts/fuzz.ts --runs N`.
 */
import { afterAll, describe, expect, it } from 'vitest';

// Other test files share the two cores: 2 s holds alone (scripts/fuzz.ts), not under load.
process.env.FLOTILLA_FUZZ_MAX_MS ??= '8000';

import { fuzzTarget } from './support/run-fuzz.js';
import { cleanupTargets, TARGETS, type TargetName } from './support/targets.js';

const RUNS = 40;

afterAll(() => cleanupTargets());

describe('parsers under fuzz', () => {
  it.each(Object.keys(TARGETS) as TargetName[])('%s', (target) => {
    const report = fuzzTarget(target, RUNS);
    expect(report.violations).toEqual([]);
    expect(report.tried).toBeGreaterThan(RUNS);
  });
});
