/**
 * Whole-stdout comparison for the sweep differential tests, normalised exactly as
 * output.test.ts does (hosts of one TASK block grouped by host, timings, temp paths and
 * the CLI preamble dropped): only what is legitimately nondeterministic is normalised.
 */
import { expect } from 'vitest';
import type { DiffResult } from './harness.js';
import { normaliseStdout, rootOf } from './stdout-normalise.js';

/** Both tools run a whole playbook: generous on a loaded 2-core machine (about 15 s when idle). */
export const SLOW = 180_000;

/** The same normalisation as every whole-stdout differential test. */
export const normalise = normaliseStdout;

/** The absolute roots each side wrote under, found in its output (or a placeholder). */
export function rootsOf(stdouts: { ansible: string; flotilla: string }): { a: string; f: string } {
  return { a: rootOf(stdouts.ansible, 'ansible'), f: rootOf(stdouts.flotilla, 'flotilla') };
}

interface Side {
  code: number | null;
  stdout: string;
  files: Record<string, string>;
}

/** One side as one comparable text: normalised stdout, exit code and the files written. */
export function comparable(side: Side, root: string): string {
  return [
    normalise(side.stdout, root),
    `--- exit code ${side.code}`,
    ...Object.entries(side.files).map(([k, v]) => `--- file ${k}: ${v}`),
  ].join('\n');
}

/** Both sides' normalised stdout, exit code and files are the same (stderr shown on failure). */
export function expectSame(r: DiffResult): void {
  const roots = rootsOf({ ansible: r.ansible.stdout, flotilla: r.flotilla.stdout });
  expect(
    comparable(r.flotilla, roots.f),
    `--- ansible stderr ---\n${r.ansible.stderr}\n--- flotilla stderr ---\n${r.flotilla.stderr}`,
  ).toBe(comparable(r.ansible, roots.a));
}
