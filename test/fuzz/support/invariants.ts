/**
 * What every parser must do with any input: load it, or throw a typed FlotillaError (with
 * file:line:col when it read a file), in bounded time; never a bare RangeError/TypeError.
 */
import { FlotillaError, FlotillaErrors } from '../../../src/errors/index.js';
import type { Target } from './targets.js';

/**
 * Per-input time limit: 2 s in the long run (scripts/fuzz.ts); the suite, which shares two
 * cores with other test files, sets FLOTILLA_FUZZ_MAX_MS higher.
 */
export function maxMs(): number {
  return Number(process.env.FLOTILLA_FUZZ_MAX_MS ?? 2000);
}

export interface Outcome {
  ok: boolean;
  ms: number;
  /** Why the invariant broke (undefined when it held). */
  violation?: string;
  code?: string;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.slice(0, 300)}`;
  return String(err).slice(0, 300);
}

/** Checks one error against the invariant; returns the violation, if any. */
function errorViolation(err: unknown, fromFile: boolean): string | undefined {
  if (!(err instanceof FlotillaError)) return `untyped error ${describe(err)}`;
  if (!err.code.startsWith('FLT_') || err.code === 'FLT_INTERNAL')
    return `bad code ${err.code}: ${err.message}`;
  const all = err instanceof FlotillaErrors ? err.errors : [err];
  for (const e of all) {
    if (!fromFile) continue;
    const loc = e.location;
    if (!loc?.file || !(loc.line >= 1) || !(loc.col >= 1))
      return `${e.code} without file:line:col: ${e.message.slice(0, 200)}`;
  }
  return undefined;
}

/** Runs `target` on `input` and checks the invariant. */
export function check(target: Target, input: string): Outcome {
  const started = performance.now();
  let violation: string | undefined;
  let code: string | undefined;
  let ok = true;
  try {
    target.run(input);
  } catch (err) {
    ok = false;
    code = (err as { code?: string }).code;
    violation = errorViolation(err, target.fromFile);
  }
  const ms = performance.now() - started;
  if (!violation && ms > maxMs()) violation = `took ${Math.round(ms)} ms (limit ${maxMs()})`;
  return { ok, ms, violation, code };
}
