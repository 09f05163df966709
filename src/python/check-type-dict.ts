/**
 * module_utils/common/validation.py's check_type_dict: a dict as is; a string starting with
 * `{` as JSON (else as a Python literal, safe_eval's reach for a dict); a string with `=` as
 * `k1=v1, k2=v2` fields (quotes group, a backslash escapes, commas and spaces split); every
 * other value is refused with the validator's words.
 */
import { pyJsonLoads } from './json-loads.js';
import { parsePythonLiteral } from './literal-eval.js';

export function checkTypeDict(value: unknown, typeName: string): Record<string, unknown> {
  if (isDict(value)) return value;
  if (typeof value !== 'string') throw new TypeError(`${typeName} cannot be converted to a dict`);
  if (value.startsWith('{')) {
    try {
      return pyJsonLoads(value) as Record<string, unknown>;
    } catch {
      const literal = parsePythonLiteral(value);
      if (!literal.ok) throw new TypeError('unable to evaluate string as dictionary');
      return literal.value as Record<string, unknown>;
    }
  }
  if (!value.includes('=')) throw new TypeError('dictionary requested, could not parse JSON or key=value');
  const fields: string[] = [];
  let field = '';
  let quote = '';
  let escaped = false;
  for (const c of value.trim()) {
    if (escaped) {
      field += c;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (!quote && (c === "'" || c === '"')) quote = c;
    else if (quote && c === quote) quote = '';
    else if (!quote && (c === ',' || c === ' ')) {
      if (field) fields.push(field);
      field = '';
    } else field += c;
  }
  if (field) fields.push(field);
  const out: Record<string, unknown> = {};
  fields.forEach((f, i) => {
    const eq = f.indexOf('=');
    // dict(x.split('=', 1) for x in fields): a field without `=` is a ValueError
    if (eq < 0) throw new TypeError(`dictionary update sequence element #${i} has length 1; 2 is required`);
    out[f.slice(0, eq)] = f.slice(eq + 1);
  });
  return out;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
