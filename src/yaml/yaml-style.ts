/**
 * PyYAML's scalars for to_yaml/to_nice_yaml (pyyaml-emitter.ts writes the document):
 * plain unless the text would read back as another type or holds indicators, single
 * quotes for line breaks, double quotes for special characters.
 */
import { floatRepr, isPyFloat, numberStr } from '../python/float.js';
import { pyStr } from '../python/repr.js';
import { emitYaml } from './pyyaml-emitter.js';

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

/** Characters PyYAML's analyze_scalar calls special (allow_unicode=True): double quotes. */
const SPECIAL = /[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|\ufeff/u;
const LINE_BREAK = /[\n\x85\u2028\u2029]/;

/** PyYAML's choose_scalar_style for a value: plain, single-quoted or double-quoted. */
function scalarStyle(
  value: unknown,
  simpleKey: boolean,
  flow: boolean,
): { text: string; style: '' | "'" | '"' } {
  if (typeof value !== 'string') return { text: yamlScalar(value, flow), style: '' };
  const s = value;
  if (SPECIAL.test(s) || / [\n\x85\u2028\u2029]|[\n\x85\u2028\u2029] /.test(s)) {
    return { text: doubleQuoted(s), style: '"' };
  }
  if (LINE_BREAK.test(s)) return simpleKey ? { text: doubleQuoted(s), style: '"' } : { text: s, style: "'" };
  return needsQuotes(s, flow) ? { text: s, style: "'" } : { text: s, style: '' };
}

export interface DumpOptions {
  indent: number;
  width: number;
  /** default_flow_style: null (to_yaml's default) writes collections of scalars inline. */
  flowStyle: boolean | null;
}

/** yaml.dump as Ansible's to_yaml/to_nice_yaml call it (sorted keys, allow_unicode). */
export function dumpYaml(value: unknown, options: DumpOptions): string {
  return emitYaml(value, { ...options, scalar: scalarStyle });
}
