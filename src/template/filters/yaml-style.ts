/**
 * A small YAML emitter in PyYAML's style, so to_yaml/to_nice_yaml output matches
 * Ansible's: sorted keys, unindented sequences under keys, `-   ` items at indent 4,
 * quoting of strings that would read back as other types. Long lines are not folded.
 */
import { floatRepr, isPyFloat, numberStr } from '../float.js';
import { isMapping, pyStr } from '../python.js';

export interface YamlStyle {
  indent: number;
  /** PyYAML default_flow_style=None: collections holding only scalars are written inline. */
  flowLeaves: boolean;
}

const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL)$/,
  /^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^\d{4}-\d\d?-\d\d?/,
  /^(?:=|<<)$/,
];

function needsQuotes(s: string, flow: boolean): boolean {
  if (s === '' || IMPLICIT.some((re) => re.test(s))) return true;
  if (/^[\s]|[\s]$/.test(s)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^[-?:][^\s,[\]{}]/.test(s)) return true;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return true;
  if (flow && /[,[\]{}]/.test(s)) return true;
  return false;
}

function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

export function yamlScalar(value: unknown, flow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof Number) {
    const n = Number(value);
    if (Number.isNaN(n)) return '.nan';
    if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
    if (!isPyFloat(value)) return numberStr(n);
    // PyYAML's represent_float: repr(), with `1e+16` written `1.0e+16`.
    const text = floatRepr(n);
    return text.includes('.') || !text.includes('e') ? text : text.replace('e', '.0e');
  }
  const s = pyStr(value);
  if (/[\n\r\t\u0000-\u001f\u007f-\u009f\ufeff]/.test(s)) return doubleQuoted(s);
  return needsQuotes(s, flow) ? `'${s.replace(/'/g, "''")}'` : s;
}

function isCollection(value: unknown): value is unknown[] | Record<string, unknown> {
  return Array.isArray(value) || isMapping(value);
}

function sortedKeys(d: Record<string, unknown>): string[] {
  return Object.keys(d).sort();
}

function flowValue(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(flowValue).join(', ') + ']';
  if (isMapping(value))
    return (
      '{' +
      sortedKeys(value)
        .map((k) => `${yamlScalar(k, true)}: ${flowValue(value[k])}`)
        .join(', ') +
      '}'
    );
  return yamlScalar(value, true);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isMapping(value) && Object.keys(value).length === 0;
}

function inline(value: unknown, style: YamlStyle): boolean {
  if (!isCollection(value)) return true;
  if (isEmpty(value)) return true;
  const items = Array.isArray(value) ? value : Object.values(value);
  return style.flowLeaves && !items.some(isCollection);
}

/** Lines of a block collection, each relative to column 0 of the collection. */
function blockLines(value: unknown, style: YamlStyle): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(style.indent);
  if (Array.isArray(value)) {
    const dash = '-'.padEnd(style.indent, ' ');
    for (const item of value) {
      if (inline(item, style)) {
        lines.push(`- ${isCollection(item) ? flowValue(item) : yamlScalar(item, false)}`);
      } else {
        const inner = blockLines(item, style);
        lines.push(dash + inner[0], ...inner.slice(1).map((l) => pad + l));
      }
    }
    return lines;
  }
  const dict = value as Record<string, unknown>;
  for (const key of sortedKeys(dict)) {
    const item = dict[key];
    const k = yamlScalar(key, false);
    if (inline(item, style)) {
      lines.push(`${k}: ${isCollection(item) ? flowValue(item) : yamlScalar(item, false)}`);
    } else {
      lines.push(`${k}:`);
      const nested = blockLines(item, style);
      lines.push(...(Array.isArray(item) ? nested : nested.map((l) => pad + l)));
    }
  }
  return lines;
}

export function dumpYaml(value: unknown, style: YamlStyle): string {
  if (inline(value, style)) return (isCollection(value) ? flowValue(value) : yamlScalar(value, false)) + '\n';
  return blockLines(value, style).join('\n') + '\n';
}
