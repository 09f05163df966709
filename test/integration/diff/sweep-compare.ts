/**
 * Whole-stdout comparison for the sweep differential tests, normalised exactly as
 * output.test.ts does (hosts of one TASK block grouped by host, timings, temp paths and
 * the CLI preamble dropped): only what is legitimately nondeterministic is normalised.
 */
import { normaliseStdout, rootOf } from './stdout-normalise.js';

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
