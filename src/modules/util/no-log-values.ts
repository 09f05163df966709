/**
 * AnsibleModule's no_log values (list_no_log_values) and their removal from what the module
 * returns (remove_values, applied by exit_json and fail_json): every string of a result that
 * equals one becomes VALUE_SPECIFIED_IN_NO_LOG_PARAMETER, and every occurrence inside a longer
 * string becomes `********`; a number, boolean or None whose str() holds one is replaced whole.
 * Keys are left as they are, as Ansible leaves them.
 */
import { ansibleArgumentSpec } from '../../actions/table.js';
import { resultStr } from '../../python/repr.js';

const NO_LOG_VALUE = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';

/** _return_datastructure_name: the strings a no_log parameter's value holds (numbers as str()). */
function strings(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value) out.add(value);
  } else if (typeof value === 'number') out.add(String(value));
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
}

/** The values of `module`'s no_log parameters among `params` (validated, aliases resolved). */
export function noLogValues(module: string, params: Record<string, unknown>): string[] {
  const spec = ansibleArgumentSpec(module);
  const out = new Set<string>();
  for (const [key, [, aliases, noLog]] of Object.entries(spec ?? {})) {
    if (!noLog) continue;
    for (const name of [key, ...aliases]) strings(params[name], out);
  }
  return [...out];
}

/** remove_values over a result. */
export function removeValues<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (secrets.includes(v)) return NO_LOG_VALUE;
      return secrets.reduce((s, secret) => s.replaceAll(secret, '********'), v);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    // A number, boolean or None whose str() holds a secret is replaced whole.
    const text = resultStr(v ?? null);
    return secrets.some((secret) => text.includes(secret)) ? NO_LOG_VALUE : v;
  };
  return walk(value) as T;
}
