/**
 * Filter and test plugins flotilla does not implement, run by ansible-core itself: the
 * collections' (`community.general.dict_kv`, …), the `filter_plugins/` and `test_plugins/`
 * next to the playbook and in its roles, and ANSIBLE_FILTER_PLUGINS/ANSIBLE_TEST_PLUGINS.
 * A name the native tables lack is asked of a Python helper (one per thread, started on
 * first need, helper-script.ts); a name it knows becomes a filter or test like any other.
 */
import { existsSync } from 'node:fs';
import { FlotillaError } from '../../errors/index.js';
import { isWholeFloat, pyFloat } from '../../python/float.js';
import { AnsibleUndefined } from '../../python/undefined.js';
import { isUnsafeAt, isUnsafeTree, isUnsafeVar } from '../../python/unsafe.js';
import { isMapping, PyTuple, pyTuple } from '../../python/values.js';
import { LookupFailure } from '../plugins/lookups/plugin.js';
import { def, type FunctionDef } from '../runtime/define.js';
import { HELPER_SCRIPT } from './helper-script.js';
import { ChannelError, SyncChannel } from './sync-channel.js';

export type PluginKind = 'filter' | 'test' | 'lookup';

const PYTHON = '/usr/bin/python3';
/** A call that takes longer than this fails (a plugin that hangs must not hang the run). */
const CALL_TIMEOUT_MS = 120_000;

const pluginDirs: string[] = [];
let dirsSent = 0;
/** undefined: not started; null: unavailable (no Python or ansible-core here). */
let channel: SyncChannel | null | undefined;
const known = new Map<string, boolean>();

/**
 * The names of one kind of plugin: the native ones, and any name `adopt` makes known (it asks
 * ansible-core). Iterating lists the native names only ("did you mean" hints stay local).
 */
export class PluginNames extends Set<string> {
  constructor(
    names: Iterable<string>,
    private readonly adopt: (name: string) => boolean,
  ) {
    super(names);
  }

  override has(name: string): boolean {
    if (super.has(name)) return true;
    if (!/^[\p{L}\p{N}_.]+$/u.test(name) || !this.adopt(name)) return false;
    this.add(name);
    return true;
  }
}

/** The playbook and role dirs whose filter_plugins/ and test_plugins/ count (add_all_plugin_dirs). */
export function addTemplatePluginDirs(dirs: readonly string[]): void {
  for (const d of dirs) if (!pluginDirs.includes(d)) pluginDirs.push(d);
}

function helper(): SyncChannel | undefined {
  if (channel === null) return undefined;
  if (channel === undefined) {
    channel = null;
    if (!existsSync(PYTHON)) return undefined;
    let started: SyncChannel | undefined;
    try {
      started = new SyncChannel(PYTHON, ['-c', HELPER_SCRIPT], CALL_TIMEOUT_MS);
      if ((started.receive() as { ready?: boolean }).ready !== true)
        throw new ChannelError('no ansible-core');
    } catch {
      // No ansible-core (or no mkfifo): only the native plugins exist.
      started?.close();
      return undefined;
    }
    channel = started;
  }
  if (dirsSent < pluginDirs.length) {
    channel.call({ op: 'dirs', dirs: pluginDirs.slice(dirsSent) });
    dirsSent = pluginDirs.length;
  }
  return channel;
}

/** Whether ansible-core has a `kind` plugin by this name (asked once per name). */
export function hasPythonPlugin(kind: PluginKind, name: string): boolean {
  const key = `${kind}\0${name}`;
  let found = known.get(key);
  if (found === undefined) {
    const ch = helper();
    try {
      found = ch ? (ch.call({ op: 'has', kind, name }) as { ok?: boolean }).ok === true : false;
    } catch (err) {
      if (!(err instanceof ChannelError)) throw err;
      channel = null;
      found = false;
    }
    known.set(key, found);
  }
  return found;
}

/** The definition that calls the Python plugin: every positional and keyword passed as given. */
export function pythonPluginDef(kind: PluginKind, name: string): FunctionDef<unknown> {
  return def(
    [],
    (value, args, kwargs) => {
      const answer = callPlugin(
        kind,
        name,
        toPython(value),
        args.map((a) => toPython(a)),
        kwargs,
      );
      if (answer instanceof Error)
        throw new FlotillaError('FLT_TEMPLATE_PLUGIN', `${kind} ${name}: ${answer.message}`);
      if (answer.error) throw pluginError(answer.error);
      return kind === 'test' ? answer.ok === true : fromPython(answer.ok);
    },
    { extraKeywords: true },
  );
}

interface PluginAnswer {
  ok?: unknown;
  error?: { cls: string; msg: string };
}

/** One call of a plugin in the helper; an Error when the helper is unavailable or failed. */
function callPlugin(
  kind: PluginKind,
  name: string,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown>,
): PluginAnswer | Error {
  const ch = helper();
  if (!ch) return new Error('ansible-core is unavailable on the controller');
  try {
    return ch.call({
      op: 'call',
      kind,
      name,
      value,
      args,
      kwargs: Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, toPython(v)])),
    }) as PluginAnswer;
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    channel = null;
    return err;
  }
}

/** As Templar reports a plugin's exception: Ansible's own errors by their message. */
function pluginError({ cls, msg }: { cls: string; msg: string }): FlotillaError {
  if (cls === 'builtins.TypeError') return new FlotillaError('FLT_TEMPLATE_TYPE', msg);
  if (cls.startsWith('ansible.errors.')) return new FlotillaError('FLT_TEMPLATE_ERROR', msg);
  return new FlotillaError('FLT_TEMPLATE_ERROR', `${cls.replace(/^builtins\./, '')}: ${msg}`);
}

/**
 * A lookup plugin's run(terms, variables, **kwargs) in ansible-core. `variables` are the
 * render's, as written (hostvars left out: other hosts' variables stay on this side).
 */
export function runPythonLookup(
  name: string,
  terms: unknown[],
  kwargs: Record<string, unknown>,
  variables: Record<string, unknown>,
): unknown[] {
  const answer = callPlugin('lookup', name, toPython(terms), [pythonVariables(variables)], kwargs);
  if (answer instanceof Error) throw new LookupFailure(answer.message, 'ansible.errors.AnsibleError');
  if (answer.error) throw new LookupFailure(answer.error.msg, answer.error.cls.replace(/^builtins\./, ''));
  const out = fromPython(answer.ok);
  return Array.isArray(out) ? out : [out];
}

/**
 * A render's or task's variables as a Python plugin gets them, unsafe marks kept (hostvars
 * left out: other hosts' variables stay on this side).
 */
export function pythonVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  // for…in: the template module layers its variables over the task's (Object.create).
  for (const key in variables)
    if (key !== 'hostvars') vars[key] = asData(variables[key], isUnsafeVar(variables, key));
  return vars;
}

/** A variable as data for a plugin: what cannot cross (undefined, dates, functions) as its text. */
function asData(value: unknown, unsafe: boolean): unknown {
  try {
    return toPython(value, unsafe);
  } catch {
    return String(value);
  }
}

/**
 * A template value as helper-script.ts decodes it. Unsafe data stays unsafe there (wrap_var),
 * so a plugin that templates what it is given cannot render a host's text.
 */
export function toPython(value: unknown, unsafe = false): unknown {
  if (unsafe || isUnsafeTree(value)) return { __py__: 'unsafe', v: toPython(value, false) };
  if (value instanceof AnsibleUndefined) value.fail();
  if (isWholeFloat(value)) return { __py__: 'float', v: Number(value) };
  if (value instanceof PyTuple) return { __py__: 'tuple', v: [...value].map((v) => toPython(v)) };
  if (Array.isArray(value)) return value.map((v, i) => toPython(v, isUnsafeAt(value, i)));
  if (isMapping(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPython(v, isUnsafeAt(value, k))]));
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null)
    throw new FlotillaError(
      'FLT_TEMPLATE_TYPE',
      `a ${value.constructor?.name ?? 'value'} cannot be passed to a Python plugin`,
    );
  return value;
}

/** A value helper-script.ts's encode() sent, as a template value (floats and tuples kept). */
export function fromPython(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPython);
  if (value !== null && typeof value === 'object') {
    const tagged = value as { __py__?: string; v?: unknown };
    if (tagged.__py__ === 'float') return pyFloat(Number(tagged.v));
    if (tagged.__py__ === 'tuple') return pyTuple((tagged.v as unknown[]).map(fromPython));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPython(v)]));
  }
  return value;
}
