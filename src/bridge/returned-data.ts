/**
 * A bridged module's output read as Ansible reads it (plugins/action/__init__.py
 * `_parse_returned_data`, module_utils/json_utils.py `_filter_non_json_lines`,
 * vars/clean.py `remove_internal_keys`): the JSON object amid noise, or MODULE FAILURE with
 * the module's stdout, stderr and rc when there is none.
 */
import type { ModuleResult } from '../modules/types.js';
import { splitLines } from '../modules/util/remote.js';
import { pyJsonLoads } from '../python/json-loads.js';

/** Keys Ansible keeps for itself (constants INTERNAL_RESULT_KEYS). */
const INTERNAL_RESULT_KEYS = new Set(['add_host', 'add_group']);

/**
 * The lines from the first one that starts with `{` to the last that ends with `}`, and a
 * warning when something other than blank lines followed.
 */
export function filterNonJsonLines(data: string): { json: string; warnings: string[] } {
  const lines = splitLines(data);
  const start = lines.findIndex((l) => l.trim().startsWith('{'));
  if (start < 0) throw new SyntaxError('No start of json char found');
  const body = lines.slice(start);
  let end = body.length - 1;
  while (end >= 0 && !body[end]?.trim().endsWith('}')) end--;
  if (end < 0) throw new SyntaxError('No end of json char found');
  const trailing = body.slice(end + 1);
  const warnings = trailing.some((l) => l.trim())
    ? [`Module invocation had junk after the JSON data: ${trailing.join('\n')}`]
    : [];
  return { json: body.slice(0, end + 1).join('\n'), warnings };
}

export interface ModuleOutput {
  stdout: string;
  stderr: string;
  rc: number;
}

/** The module's result, or the MODULE FAILURE Ansible makes of unparsable output. */
export function parseReturnedData(res: ModuleOutput, interpreter: string): ModuleResult {
  return readReturnedData(res, interpreter).data;
}

/** parseReturnedData, and whether the output was JSON (Ansible's `_ansible_parsed`). */
export function readReturnedData(
  res: ModuleOutput,
  interpreter: string,
): { data: ModuleResult; parsed: boolean } {
  let data: Record<string, unknown> | undefined;
  let warnings: string[] = [];
  try {
    const filtered = filterNonJsonLines(res.stdout);
    warnings = filtered.warnings;
    const parsed: unknown = pyJsonLoads(filtered.json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      data = parsed as Record<string, unknown>;
  } catch {}
  if (!data) return { data: moduleFailure(res, interpreter), parsed: false };
  removeInternalKeys(data);
  if (warnings.length > 0) data.warnings = [...warnings, ...((data.warnings as unknown[]) ?? [])];
  for (const stream of ['stdout', 'stderr'] as const) {
    if (stream in data && !(`${stream}_lines` in data))
      data[`${stream}_lines`] = splitLines(String(data[stream] || ''));
  }
  return { data: data as ModuleResult, parsed: true };
}

function moduleFailure(res: ModuleOutput, interpreter: string): ModuleResult {
  const data: ModuleResult = { failed: true, module_stdout: res.stdout, module_stderr: res.stderr };
  if (res.stderr.startsWith('Traceback')) data.exception = res.stderr;
  else if (res.stdout.startsWith('Traceback')) data.exception = res.stdout;
  const missing = new RegExp(`${escapeRegExp(interpreter)}: (?:No such file or directory|not found)`);
  const msg =
    missing.test(res.stderr) || missing.test(res.stdout)
      ? 'The module failed to execute correctly, you probably need to set the interpreter.'
      : 'MODULE FAILURE';
  data.msg = `${msg}\nSee stdout/stderr for the exact error`;
  data.rc = res.rc;
  return data;
}

/** vars/clean.py remove_internal_keys, without its warnings for keys a module should not set. */
function removeInternalKeys(data: Record<string, unknown>): void {
  for (const key of Object.keys(data)) {
    if ((key.startsWith('_ansible_') && key !== '_ansible_parsed') || INTERNAL_RESULT_KEYS.has(key))
      delete data[key];
  }
  for (const key of ['warnings', 'deprecations']) {
    const v = data[key];
    if (key in data && (!v || (Array.isArray(v) && v.length === 0))) delete data[key];
  }
  const facts = data.ansible_facts;
  if (facts && typeof facts === 'object') {
    for (const key of Object.keys(facts)) {
      if (key.startsWith('discovered_interpreter_') || key.startsWith('ansible_discovered_interpreter_'))
        delete (facts as Record<string, unknown>)[key];
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
