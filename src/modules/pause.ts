/**
 * pause: waits in the worker, without a connection (its line in src/actions/table.ts says so,
 * and that the linear strategy runs it once for the batch).
 */

import type { ModuleDefinition } from './types.js';
import { pythonTimestamp } from './util/remote.js';

/** Python's str() of a float: always with a fraction (1.0, 0.02). */
function pythonFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export const pauseModule: ModuleDefinition = {
  name: 'pause',
  args: {
    options: {
      seconds: { type: 'int' },
      minutes: { type: 'int' },
      prompt: { type: 'str' },
      echo: { type: 'bool', default: true },
    },
    mutuallyExclusive: [['minutes', 'seconds']],
  },
  async run(args) {
    // action/pause.py: minutes win over seconds, anything under a second waits one; without
    // a duration Ansible waits for Enter, and non-interactive runs continue at once.
    const minutes = args.minutes as number | undefined;
    const given = minutes !== undefined ? minutes * 60 : (args.seconds as number | undefined);
    const seconds = given === undefined ? undefined : Math.max(1, given);
    const start = new Date();
    const t0 = performance.now();
    if (seconds !== undefined) {
      // A timer may fire a fraction of a millisecond early by this clock: wait out the rest,
      // so the whole seconds reported (`delta`) are the seconds asked for.
      const until = t0 + seconds * 1000;
      while (performance.now() < until)
        await new Promise((r) => setTimeout(r, Math.ceil(until - performance.now())));
    }
    const stop = new Date();
    const elapsed = (performance.now() - t0) / 1000;
    // the unit is minutes unless only seconds were given (no duration at all: minutes)
    const unit = minutes === undefined && args.seconds !== undefined ? 'seconds' : 'minutes';
    const shown = unit === 'minutes' ? elapsed / 60 : elapsed;
    return {
      changed: false,
      rc: 0,
      stderr: '',
      start: pythonTimestamp(start),
      stop: pythonTimestamp(stop),
      delta: Math.floor(elapsed),
      echo: args.echo,
      stdout: `Paused for ${pythonFloat(Math.round(shown * 100) / 100)} ${unit}`,
      user_input: '',
      // for the reporter's "Pausing for N seconds" lines (stripped from what is displayed)
      ...(seconds !== undefined ? { _ansible_pause_seconds: seconds } : {}),
    };
  },
};
