/**
 * YAML as Ansible reads it: PyYAML's YAML 1.1. The `yaml` package's 1.1 schema also takes
 * `y`/`n` as booleans, which PyYAML does not (`{n: 1}` is the key "n" there), so its bool
 * tags are swapped for PyYAML's; so are its floats (PyYAML's pattern, whole floats kept as
 * floats).
 */
import {
  type CollectionTag,
  type DocumentOptions,
  isMap,
  isScalar,
  isSeq,
  type Pair,
  type ParseOptions,
  parse,
  parseAllDocuments,
  Scalar,
  type ScalarTag,
  type SchemaOptions,
  YAMLError,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { FlotillaError } from '../errors/index.js';
import { numberStr, pyFloat } from '../python/float.js';
import { markUnsafe, settleUnsafe, UnsafeText } from '../python/unsafe.js';
import { vaultValue } from '../vault/secrets.js';
import { lineColAt, TOO_DEEP_HINT, TOO_DEEP_MESSAGE, tooDeepFlowAt, unresolvedAlias } from './nesting.js';

const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const BOOL = 'tag:yaml.org,2002:bool';

function boolTag(value: boolean, test: RegExp): ScalarTag {
  return {
    tag: BOOL,
    default: true,
    identify: (v) => v === value,
    test,
    resolve: () => new Scalar(value),
    stringify: ({ value: v }) => (v ? 'true' : 'false'),
  };
}

const FLOAT = 'tag:yaml.org,2002:float';

/** PyYAML's implicit float (a dot is required, and an exponent needs its sign: `1e3` is text). */
const PYYAML_FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Floats as Python floats: a whole one (2.0) is boxed so it stays a float (python/float.ts). */
const floatTag: ScalarTag = {
  tag: FLOAT,
  default: true,
  identify: (v) => v instanceof Number || (typeof v === 'number' && !Number.isInteger(v)),
  test: PYYAML_FLOAT,
  resolve: (str) => {
    const t = str.replace(/_/g, '').toLowerCase();
    if (t.endsWith('nan')) return Number.NaN;
    if (t.endsWith('inf')) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    return pyFloat(Number.parseFloat(t));
  },
  stringify: ({ value }) => numberStr(value as number),
};

type Tags = Parameters<Extract<NonNullable<SchemaOptions['customTags']>, (...args: never[]) => unknown>>[0];

type ToJSContext = Parameters<YAMLSeq['toJSON']>[1];

/**
 * The value of a `!unsafe` list or mapping as Ansible 2.14 makes it: wrap_var copies it, and
 * everything in it, as unsafe. It copies what PyYAML has built so far: a list or mapping
 * nested in it is still empty then (PyYAML fills nested collections after their parent's
 * constructor returns), so those come out empty (`!unsafe [a, [b], {c: d}]` is
 * `['a', [], {}]`). `value` is the plain value of `node`, changed in place.
 */
export function asUnsafeCollection<T>(node: YAMLSeq | YAMLMap, value: T): T {
  const emptied = (child: unknown) => (isSeq(child) ? [] : isMap(child) ? {} : undefined);
  if (Array.isArray(value))
    node.items.forEach((item, i) => {
      const empty = emptied(item);
      if (empty) value[i] = empty;
    });
  else if (value && typeof value === 'object')
    for (const pair of node.items as Pair[]) {
      const empty = emptied(pair.value);
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (empty && key !== undefined && Object.hasOwn(value, key))
        (value as Record<string, unknown>)[key] = empty;
    }
  return markUnsafe(value);
}

/** A `!unsafe` sequence (asUnsafeCollection). */
class UnsafeSeq extends YAMLSeq {
  override toJSON(_?: unknown, ctx?: ToJSContext): unknown[] {
    return asUnsafeCollection(this, super.toJSON(_, ctx));
  }
}

/** A `!unsafe` mapping (asUnsafeCollection). */
class UnsafeMap extends YAMLMap {
  override toJSON(_?: unknown, ctx?: ToJSContext) {
    return asUnsafeCollection(this, super.toJSON(_, ctx));
  }
}

// Ansible's own tags: `!unsafe` text is never templated (a box until settleUnsafe marks
// its slot, see python/unsafe.ts), nor is anything in a `!unsafe` list or mapping;
// `!vault` text is decrypted with the run's vault secrets (kept as vault text when there
// are none).
const ANSIBLE_TAGS: (ScalarTag | CollectionTag)[] = [
  { tag: '!unsafe', resolve: (s: string) => new UnsafeText(s) as unknown as string },
  { tag: '!unsafe', collection: 'seq', nodeClass: UnsafeSeq, resolve: (seq) => seq },
  { tag: '!unsafe', collection: 'map', nodeClass: UnsafeMap, resolve: (map) => map },
  { tag: '!vault', resolve: (s: string) => vaultValue(s) },
  { tag: '!vault-encrypted', resolve: (s: string) => vaultValue(s) },
];

/** The 1.1 schema's tags with PyYAML's booleans instead of its own, and Ansible's tags. */
export function pyyamlTags(tags: Tags): Tags {
  return [
    ...tags.filter((t) => typeof t === 'string' || (t.tag !== BOOL && t.tag !== FLOAT)),
    floatTag,
    boolTag(true, PYYAML_TRUE),
    boolTag(false, PYYAML_FALSE),
    ...ANSIBLE_TAGS,
  ];
}

/**
 * The text without a leading UTF-8 byte order mark, which PyYAML skips at the start of a
 * stream (Windows editors write one) and yaml reads as content.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Options for parse/parseDocument that read YAML the way Ansible does. */
export const PYYAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: pyyamlTags,
};

/**
 * No alias limit: an alias shares its anchor's value (as PyYAML shares the object), so a
 * "billion laughs" costs no more than its text. yaml's default (100) rejects such files,
 * which Ansible loads.
 */
const SHARED_ALIASES = { maxAliasCount: -1 } as const;

/**
 * The text to parse, after the checks yaml cannot survive. A syntax error, here or from
 * yaml, becomes FLT_YAML_SYNTAX at `file`:line:col.
 */
function checkedText(raw: string, file: string | undefined): string {
  const text = withoutBom(raw);
  const deep = tooDeepFlowAt(text);
  if (deep !== undefined) throw yamlSyntaxError(TOO_DEEP_MESSAGE, text, deep, file, TOO_DEEP_HINT);
  return text;
}

function yamlSyntaxError(
  what: string,
  text: string,
  offset: number,
  file: string | undefined,
  hint?: string,
) {
  const pos = lineColAt(text, offset);
  return new FlotillaError('FLT_YAML_SYNTAX', `Syntax Error while loading YAML: ${what}`, {
    location: file ? { file, ...pos } : undefined,
    sourceLine: text.split(/\r?\n/, pos.line)[pos.line - 1],
    hint,
  });
}

function typed(err: unknown, text: string, file: string | undefined): unknown {
  const alias = unresolvedAlias(err, text, file);
  if (alias) return alias;
  if (err instanceof YAMLError)
    return yamlSyntaxError(
      err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      text,
      err.pos[0],
      file,
    );
  return err;
}

/** One YAML document, read as Ansible reads it; `file` names it in errors. */
export function parseAnsibleYaml(raw: string, file?: string): unknown {
  const text = checkedText(raw, file);
  const since = UnsafeText.made;
  try {
    return settleUnsafe(parse(text, { ...PYYAML_OPTIONS, ...SHARED_ALIASES, prettyErrors: false }), since);
  } catch (err) {
    throw typed(err, text, file);
  }
}

/** Every document of a YAML stream, read as Ansible reads it. */
export function parseAnsibleYamlAll(raw: string, file?: string): unknown[] {
  const text = checkedText(raw, file);
  const since = UnsafeText.made;
  try {
    return parseAllDocuments(text, PYYAML_OPTIONS).map((d) =>
      'toJS' in d ? settleUnsafe(d.toJS(SHARED_ALIASES), since) : undefined,
    );
  } catch (err) {
    throw typed(err, text, file);
  }
}
