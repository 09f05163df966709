/**
 * PyYAML's scalars for to_yaml/to_nice_yaml (pyyaml-emitter.ts writes the document):
 * plain unless the text would read back as another type or holds indicators, single
 * quotes for line breaks, double quotes for special characters. The yaml stdout callback's
 * dumper writes multi-line text as a literal block instead, tidied first.
 */
import { floatRepr, isPyFloat, numberStr } from '../python/float.js';
import { pyStr } from '../python/repr.js';
import { pyExpandTabs, pyRstrip } from '../python/whitespace.js';
import { doubleQuotedText, emitYaml, type ScalarStyle } from './pyyaml-emitter.js';

const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL)$/,
  /^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^\d{4}-\d\d?-\d\d?/,
  /^(?:=|<<)$/,
];

const BLANKZ = ' \t\r\n\x85\u2028\u2029';

/** libyaml's analyze_scalar: indicators that forbid a plain scalar in flow and in block context. */
function indicators(s: string): { flow: boolean; block: boolean } {
  let flow = false;
  let block = false;
  if (s.startsWith('---') || s.startsWith('...')) flow = block = true;
  const chars = Array.from(s);
  let precededByWhitespace = true;
  chars.forEach((ch, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || BLANKZ.includes(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flow = block = true;
      if (ch === '?' || ch === ':') {
        flow = true;
        if (followedByWhitespace) block = true;
      }
      if (ch === '-' && followedByWhitespace) flow = block = true;
    } else {
      if (',?[]{}'.includes(ch)) flow = true;
      if (ch === ':') {
        flow = true;
        if (followedByWhitespace) block = true;
      }
      if (ch === '#' && precededByWhitespace) flow = block = true;
    }
    precededByWhitespace = BLANKZ.includes(ch);
  });
  return { flow, block };
}

/** A scalar that cannot be plain: it would read back as another type, or its text forbids it. */
function needsQuotes(s: string, flow: boolean): boolean {
  if (s === '' || IMPLICIT.some((re) => re.test(s))) return true;
  if (/^[ \n\x85\u2028\u2029]|[ \n\x85\u2028\u2029]$/.test(s)) return true;
  const found = indicators(s);
  return flow ? found.flow : found.block;
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
  if (/[\n\r\t\u0000-\u001f\u007f-\u009f\ufeff]/.test(s)) return doubleQuotedText(s);
  return needsQuotes(s, flow) ? `'${s.replace(/'/g, "''")}'` : s;
}

/**
 * Characters libyaml's analyze_scalar calls special (allow_unicode): not printable, astral
 * ones and U+0085 included, or a BOM. Such text is double-quoted.
 */
const SPECIAL = /[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]|\ufeff/u;
const LINE_BREAK = /[\n\x85\u2028\u2029]/;

/** PyYAML's choose_scalar_style for a value: plain, single-quoted or double-quoted. */
function scalarStyle(
  value: unknown,
  simpleKey: boolean,
  flow: boolean,
): { text: string; style: ScalarStyle } {
  if (typeof value !== 'string') return { text: yamlScalar(value, flow), style: '' };
  const s = value;
  if (SPECIAL.test(s) || / [\n\x85\u2028\u2029]|[\n\x85\u2028\u2029] /.test(s)) {
    return { text: s, style: '"' };
  }
  if (LINE_BREAK.test(s)) return simpleKey ? { text: s, style: '"' } : { text: s, style: "'" };
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

/** Which text a callback's dumper asks to be a literal block, and how it tidies it first. */
interface BlockText {
  /** should_use_block: the text holds one of these line breaks. */
  breaks: RegExp;
  tidy: (text: string) => string;
}

/** string.printable, and everything from U+00A0 up: what community.general.yaml keeps. */
const PRINTABLE_OR_WIDE = /[\x20-\x7e\t\n\r\x0b\x0c\u{a0}-\u{10ffff}]/u;

/** community.general.yaml's MyDumper.represent_scalar: "we care more about readable than accuracy". */
const COMMUNITY_YAML: BlockText = {
  breaks: /[\n\r\x1c-\x1e\x85\u2028\u2029]/,
  tidy: (value) =>
    pyExpandTabs([...pyRstrip(value)].filter((ch) => PRINTABLE_OR_WIDE.test(ch)).join(''))
      .replace(/[\x0b\x0c\r]/g, '')
      .replace(/ +\n/g, '\n'),
};

/** What _filter_yaml_special removes: what pyyaml's analyze_scalar calls special. */
const YAML_SPECIAL = /[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10fffe}]|\ufeff/gu;

/** The default callback's _AnsibleCallbackDumper (result_format yaml): lossy unless pretty_results is false. */
const DEFAULT_YAML_LOSSY: BlockText = {
  breaks: /[\n\x85\u2028\u2029]/,
  tidy: (value) =>
    pyExpandTabs(pyRstrip(value))
      .replace(YAML_SPECIAL, '')
      .replace(/ +([\n\x85\u2028\u2029])/g, '$1'),
};
const DEFAULT_YAML_EXACT: BlockText = { breaks: DEFAULT_YAML_LOSSY.breaks, tidy: (value) => value };

/** choose_scalar_style for a scalar asked to be `|`: a literal where analyze_scalar allows a block. */
function literalScalarStyle(block: BlockText) {
  return (value: unknown, simpleKey: boolean, flow: boolean): { text: string; style: ScalarStyle } => {
    if (typeof value !== 'string' || !block.breaks.test(value)) return scalarStyle(value, simpleKey, flow);
    const text = block.tidy(value);
    const allowBlock =
      text !== '' && !SPECIAL.test(text) && !/ [\n\x85\u2028\u2029]/.test(text) && !text.endsWith(' ');
    return { text, style: !flow && !simpleKey && allowBlock ? '|' : '"' };
  };
}

const communityScalar = literalScalarStyle(COMMUNITY_YAML);
const lossyScalar = literalScalarStyle(DEFAULT_YAML_LOSSY);
const exactScalar = literalScalarStyle(DEFAULT_YAML_EXACT);

/**
 * yaml.dump as the community.general.yaml callback calls it (width 1000, block style
 * throughout, multi-line text as literal blocks).
 */
export function dumpCallbackYaml(value: unknown): string {
  return emitYaml(value, { indent: 2, width: 1000, flowStyle: false, scalar: communityScalar });
}

/**
 * yaml.dump as the default callback calls it under result_format yaml: block style, the
 * given indent (PyYAML takes 2 to 9, else 2), multi-line text as literal blocks, tidied
 * when `lossy` (pretty_results unset or true).
 */
export function dumpResultYaml(value: unknown, indent: number | undefined, lossy: boolean): string {
  const best = indent !== undefined && indent > 1 && indent < 10 ? indent : 2;
  return emitYaml(value, {
    indent: best,
    width: 80,
    flowStyle: false,
    scalar: lossy ? lossyScalar : exactScalar,
  });
}
