/**
 * Modules that run on the controller without a connection: debug, set_fact, assert,
 * fail, pause. Expressions are evaluated by the engine, which passes the results in:
 *  - debug var=…  → the engine sets `_var_value` to the evaluated variable
 *    (leave it unset when the variable is undefined),
 *  - assert that=… → the engine sets `_evaluated` to one boolean per condition,
 *    in order (it may stop after the first false one).
 */

import { boolean } from '../python/boolean.js';
import type { ModuleDefinition, ModuleResult } from './types.js';
import { pythonTimestamp } from './util/remote.js';

/** Python's str() of a float: always with a fraction (1.0, 0.02). */
function pythonFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export const debugModule: ModuleDefinition = {
  name: 'debug',
  controllerOnly: true,
  args: {
    options: {
      msg: { type: 'raw', default: 'Hello world!' },
      var: { type: 'raw' },
      verbosity: { type: 'int', default: 0 },
      _var_value: { type: 'raw' },
    },
    mutuallyExclusive: [['msg', 'var']],
  },
  async run(args): Promise<ModuleResult> {
    if (args.var !== undefined && args.var !== null) {
      const name = String(args.var);
      const value =
        '_var_value' in args && args._var_value !== undefined ? args._var_value : 'VARIABLE IS NOT DEFINED!';
      return { changed: false, [name]: value, _verbosity: args.verbosity };
    }
    // msg may be any value (list, dict); it is passed through untouched.
    return { changed: false, msg: args.msg as string, _verbosity: args.verbosity };
  },
};

export const setFactModule: ModuleDefinition = {
  name: 'set_fact',
  controllerOnly: true,
  // Any key is a fact name, so there is no fixed spec: see run().
  args: { options: {}, anyKeys: true },
  async run(args) {
    const facts: Record<string, unknown> = {};
    let cacheable = false;
    for (const [k, v] of Object.entries(args)) {
      if (k === 'cacheable') cacheable = boolean(v, false);
      else facts[k] = v;
    }
    if (Object.keys(facts).length === 0)
      return {
        changed: false,
        failed: true,
        msg: 'No key/value pairs provided, at least one is required for this action to succeed',
      };
    return { changed: false, ansible_facts: facts, _ansible_facts_cacheable: cacheable };
  },
};

export const assertModule: ModuleDefinition = {
  name: 'assert',
  controllerOnly: true,
  args: {
    options: {
      that: { type: 'list', required: true },
      fail_msg: { type: 'raw', aliases: ['msg'] },
      success_msg: { type: 'raw' },
      quiet: { type: 'bool', default: false },
      _evaluated: { type: 'list', elements: 'bool', default: [] },
    },
  },
  async run(args) {
    const that = (args.that as unknown[]).map(String);
    const evaluated = args._evaluated as boolean[];
    for (let i = 0; i < that.length; i++) {
      if (evaluated[i] === true) continue;
      const result: ModuleResult = {
        changed: false,
        failed: true,
        assertion: that[i],
        evaluated_to: evaluated[i] ?? false,
        msg: (args.fail_msg as string | undefined) ?? 'Assertion failed',
      };
      return result;
    }
    const result: ModuleResult = {
      changed: false,
      msg: (args.success_msg as string | undefined) ?? 'All assertions passed',
    };
    if (args.quiet) result._ansible_verbose_always = false;
    return result;
  },
};

export const failModule: ModuleDefinition = {
  name: 'fail',
  controllerOnly: true,
  args: { options: { msg: { type: 'raw', default: 'Failed as requested from task' } } },
  async run(args) {
    return { changed: false, failed: true, msg: args.msg as string };
  },
};

export const pauseModule: ModuleDefinition = {
  name: 'pause',
  controllerOnly: true,
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
