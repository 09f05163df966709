/** Runs generated and hostile inputs through each target and collects violations. */
import fc from 'fast-check';
import { anyText, iniInventory, playbookText, templateText, yamlInventory, yamlText } from './arbitraries.js';
import { HOSTILE } from './corpus.js';
import { check } from './invariants.js';
import { TARGETS, type TargetName } from './targets.js';

export const GENERATORS: Record<TargetName, fc.Arbitrary<string>> = {
  ini: fc.oneof({ weight: 4, arbitrary: iniInventory }, { weight: 1, arbitrary: anyText }),
  'yaml-inventory': fc.oneof({ weight: 4, arbitrary: yamlInventory }, { weight: 1, arbitrary: anyText }),
  playbook: fc.oneof({ weight: 4, arbitrary: playbookText }, { weight: 1, arbitrary: anyText }),
  yaml: fc.oneof({ weight: 4, arbitrary: yamlText }, { weight: 1, arbitrary: anyText }),
  template: fc.oneof({ weight: 4, arbitrary: templateText }, { weight: 1, arbitrary: anyText }),
};

export interface FuzzReport {
  target: TargetName;
  tried: number;
  loaded: number;
  rejected: number;
  slowestMs: number;
  violations: string[];
}

/** `runs` generated inputs plus the hostile corpus through one target. */
export function fuzzTarget(target: TargetName, runs: number, seed?: number): FuzzReport {
  const report: FuzzReport = { target, tried: 0, loaded: 0, rejected: 0, slowestMs: 0, violations: [] };
  const record = (label: string, input: string) => {
    const o = check(TARGETS[target], input);
    report.tried++;
    if (o.ok) report.loaded++;
    else report.rejected++;
    report.slowestMs = Math.max(report.slowestMs, o.ms);
    if (o.violation)
      report.violations.push(`${label}: ${o.violation} <= ${JSON.stringify(input.slice(0, 120))}`);
  };
  for (const h of HOSTILE) record(`hostile "${h.label}"`, h.text);
  fc.assert(
    fc.property(GENERATORS[target], (input) => {
      record('generated', input);
    }),
    { numRuns: runs, seed, endOnFailure: false },
  );
  return report;
}
