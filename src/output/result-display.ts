/**
 * How a task result becomes text, following Ansible 2.14 step by step:
 * TaskResult.clean_copy -> CallbackBase._clean_results -> _dump_results.
 */

import { pythonJsonDumps } from '../python/json-dumps.js';
import { pyStr, resultStr } from '../python/repr.js';
import { pySplitLines } from '../python/splitlines.js';
import { pyTruthy } from '../python/values.js';
import { pyRstrip, pyStrip } from '../python/whitespace.js';
import { dumpCallbackYaml, dumpResultYaml, dumpYaml } from '../yaml/yaml-style.js';
import type { DiffSerializer } from './diff-format.js';
import type { TaskResult } from './events.js';

const DEBUG_ACTIONS = new Set(['debug', 'ansible.builtin.debug', 'ansible.legacy.debug']);
/** Internal keys clean_copy keeps for the callback (vars/clean.py CLEAN_EXCEPTIONS). */
const CLEAN_EXCEPTIONS = new Set([
  '_ansible_verbose_always',
  '_ansible_item_label',
  '_ansible_no_log',
  '_ansible_verbose_override',
]);
const DELEGATED_PRESERVE = ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_connection'];
const DEBUG_ALLOWED_KEYS = new Set(['msg', 'exception', 'warnings', 'deprecations']);
const HIDE_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason'];

export function isDebugAction(action: string): boolean {
  return DEBUG_ACTIONS.has(action);
}

/** Deep copy of JSON-like data (results are plain data). */
function copyData<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Removes `_ansible_*` keys at every depth, except `keep`. Mutates and returns `data`. */
export function stripInternalKeys<T>(data: T, keep: ReadonlySet<string> = new Set()): T {
  if (Array.isArray(data)) {
    for (const el of data) if (el !== null && typeof el === 'object') stripInternalKeys(el, keep);
  } else if (data !== null && typeof data === 'object') {
    const rec = data as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      if (key.startsWith('_ansible_') && !keep.has(key)) delete rec[key];
      else if (rec[key] !== null && typeof rec[key] === 'object') stripInternalKeys(rec[key], keep);
    }
  }
  return data;
}

/**
 * Ansible's TaskResult.clean_copy: what every callback receives. Its no_log half is done
 * before the reporters, on the event (censor.ts); a censored result passes through here.
 */
export function cleanCopy(result: TaskResult, action: string): TaskResult {
  const delegated = result._ansible_delegated_vars as Record<string, unknown> | undefined;
  const out = copyData(result);
  // Statuses already travel on the event; debug needs no invocation.
  delete out.failed;
  delete out.skipped;
  if (isDebugAction(action)) delete out.invocation;
  stripInternalKeys(out, CLEAN_EXCEPTIONS);
  if (delegated && typeof delegated === 'object') {
    const subset: Record<string, unknown> = {};
    for (const key of DELEGATED_PRESERVE) if (key in delegated) subset[key] = delegated[key];
    out._ansible_delegated_vars = subset;
  }
  return out;
}

/** CallbackBase._clean_results: debug shows only what it was asked to show. Mutates. */
export function cleanDebugResult(result: TaskResult, action: string): void {
  if (!isDebugAction(action)) return;
  if ('msg' in result) {
    for (const key of Object.keys(result)) {
      if (!DEBUG_ALLOWED_KEYS.has(key) && !key.startsWith('_')) delete result[key];
    }
  } else {
    for (const key of HIDE_IN_DEBUG) delete result[key];
  }
}

/** CallbackBase._run_is_verbose. */
export function isVerboseRun(result: TaskResult, verbosity: number, threshold = 0): boolean {
  return (
    (verbosity > threshold || result._ansible_verbose_always === true) &&
    result._ansible_verbose_override !== true
  );
}

/** How results print: the default callback's result_format and pretty_results (null: unset). */
export interface ResultFormat {
  format: 'json' | 'yaml';
  pretty: boolean | null;
  /**
   * The stdout callback when not the default one: community.general.yaml's own _dump_results
   * and diffs, or ansible.posix.debug's (text fields printed as they are, after the JSON).
   */
  callback?: 'yaml' | 'debug';
}

/**
 * CallbackBase._dump_results: JSON (the default), or under result_format yaml the YAML on
 * the lines that follow, indented. `indent` is the caller's (custom stats pass 1).
 */
export function dumpResults(
  result: TaskResult,
  verbosity: number,
  keepInvocation = false,
  as: ResultFormat = { format: 'json', pretty: null },
  indentAsked?: number,
): string {
  const yaml = as.format === 'yaml';
  let indent = indentAsked;
  const indentConditions = [
    result._ansible_verbose_always === true,
    as.pretty === null && yaml,
    as.pretty === true,
    verbosity > 2,
  ];
  if (!indent && indentConditions.some(Boolean)) indent = 4;
  if (as.pretty === false) indent = undefined;
  const abridged = stripInternalKeys(copyData(result));
  if (!keepInvocation && verbosity < 3) delete abridged.invocation;
  if (verbosity < 3) delete abridged.diff;
  delete abridged.exception;
  if (!yaml) return pythonJsonDumps(abridged, indent);
  const lossy = as.pretty !== false;
  if (lossy) omitLines(abridged);
  return `\n${pyIndent(dumpResultYaml(abridged, indent, lossy), ' '.repeat(indent || 4))}`;
}

/** ansible.posix.debug's _dump_results: the JSON, indented, without the text fields, then each as it is. */
export function dumpDebugResults(result: TaskResult, verbosity: number): string {
  const rest: TaskResult = { ...result, _ansible_verbose_always: true };
  const saved: Record<string, unknown> = {};
  for (const key of [
    'stdout',
    'stdout_lines',
    'stderr',
    'stderr_lines',
    'msg',
    'module_stdout',
    'module_stderr',
  ]) {
    if (!(key in rest)) continue;
    saved[key] = rest[key];
    delete rest[key];
  }
  let output = dumpResults(rest, verbosity);
  for (const key of ['stdout', 'stderr', 'msg', 'module_stdout', 'module_stderr'])
    if (key in saved && pyTruthy(saved[key])) output += `\n\n${key.toUpperCase()}:\n\n${pyStr(saved[key])}\n`;
  return output;
}

/** "if we already have stdout, we don't need stdout_lines" (and stderr's). */
function omitLines(abridged: TaskResult): void {
  for (const key of ['stdout', 'stderr'] as const)
    if (key in abridged && `${key}_lines` in abridged) abridged[`${key}_lines`] = '<omitted>';
}

/** textwrap.indent: the prefix on every line that is not only whitespace. */
function pyIndent(text: string, prefix: string): string {
  return pySplitLines(text, true)
    .map((line) => (pyStrip(line) ? prefix + line : line))
    .join('');
}

/**
 * The community.general.yaml callback's _dump_results: `changed=…`/`skipped=…` on the status
 * line, then the rest as YAML (stdout_lines and stderr_lines left out when the text is
 * there), indented by two.
 */
export function dumpYamlResults(result: TaskResult, verbosity: number, keepInvocation = false): string {
  if (result._ansible_no_log === true)
    return pythonJsonDumps({
      censored:
        "The output has been hidden due to the fact that 'no_log: true' was specified for this result",
    });
  const abridged = stripInternalKeys(copyData(result));
  if (!keepInvocation && verbosity < 3) delete abridged.invocation;
  if (verbosity < 3) delete abridged.diff;
  delete abridged.exception;
  let dumped = '';
  for (const key of ['changed', 'skipped'] as const) {
    if (!(key in abridged)) continue;
    dumped += `${key}=${pyStr(abridged[key]).toLowerCase()} `;
    delete abridged[key];
  }
  omitLines(abridged);
  if (Object.keys(abridged).length > 0) dumped += `\n${dumpCallbackYaml(abridged)}`;
  return pyRstrip(dumped.split('\n').join('\n  '));
}

/** CallbackBase._serialize_diff under result_format yaml, or the yaml callback's (undefined: JSON). */
export function diffSerializer(as: ResultFormat): DiffSerializer | undefined {
  if (as.callback === 'yaml') return (value) => dumpYaml(value, { indent: 2, width: 1000, flowStyle: false });
  if (as.format === 'yaml')
    return (value) => `${pyIndent(dumpResultYaml(value, 4, as.pretty !== false), '    ')}\n`;
  return undefined;
}

/** CallbackBase._get_item_label, on the cleaned result (`label`/`item` from the event as fallback). */
export function itemLabel(result: TaskResult, label?: string, item?: unknown): string {
  if (result._ansible_no_log === true) return '(censored due to no_log)';
  // A censored result has lost its item: Ansible 2.14 prints "None" there, and so do we.
  if ('censored' in result) return 'None';
  if ('_ansible_item_label' in result) return resultStr(result._ansible_item_label);
  if (label !== undefined) return label;
  if ('item' in result) return resultStr(result.item);
  return resultStr(item);
}

/** CallbackBase.host_label: `h`, or `h -> delegate` (plus `(address)` when it differs). */
export function hostLabel(host: string, delegatedTo: string | undefined, result: TaskResult): string {
  if (!delegatedTo || delegatedTo === host) return host;
  const vars = result._ansible_delegated_vars as Record<string, unknown> | undefined;
  const address = vars?.ansible_host ?? delegatedTo;
  return address === delegatedTo
    ? `${host} -> ${delegatedTo}`
    : `${host} -> ${delegatedTo}(${resultStr(address)})`;
}

/** CallbackBase._handle_exception, at the given verbosity. Mutates (drops the traceback at -vvv). */
export function exceptionMessage(result: TaskResult, verbosity: number): string | undefined {
  if (!('exception' in result)) return undefined;
  const text = String(result.exception);
  if (verbosity < 3) {
    const lines = text.trim().split('\n');
    return (
      'An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ' +
      lines[lines.length - 1]
    );
  }
  delete result.exception;
  return 'The full traceback is:\n' + text;
}
