/**
 * A YAML file parsed as Ansible's loader reads it (YAML 1.1 like PyYAML: `yes`/`no` are
 * booleans, `0644` is octal, duplicate keys are allowed), keeping node positions so errors
 * can point at file:line:col. The playbook and the inventory loaders both read YAML here and
 * report problems their own way (collected diagnostics, or the first error thrown).
 */
import { type Document, isNode, LineCounter, type Node, parseDocument, visit } from 'yaml';
import { FlotillaError, type SourceLocation } from '../errors/index.js';
import { pyFloat } from '../python/float.js';
import { settleUnsafe } from '../python/unsafe.js';
import { TOO_DEEP_HINT, TOO_DEEP_MESSAGE, tooDeepFlowAt, unresolvedAlias } from './nesting.js';
import { PYYAML_OPTIONS, pyyamlTags, withoutBom } from './pyyaml.js';

export class SourceFile {
  readonly lines: string[];
  constructor(
    /** The path as given by the caller (shown in error messages). */
    readonly file: string,
    readonly text: string,
    private readonly lineCounter: LineCounter,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  locate(offset: number): SourceLocation {
    const pos = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { file: this.file, line: pos.line, col: pos.col };
  }

  /** Where a YAML node starts; undefined for anything that is not a node. */
  locateNode(node: unknown): SourceLocation | undefined {
    const range = isNode(node) ? (node as Node).range : undefined;
    return range ? this.locate(range[0]) : undefined;
  }

  lineText(line: number): string {
    return this.lines[line - 1] ?? '';
  }
}

export interface ParsedYaml {
  source: SourceFile;
  doc: Document.Parsed;
}

/** A parse: the document (check `doc.errors`), or where flow collections nest too deep to parse. */
export type YamlParse = (ParsedYaml & { tooDeepAt?: undefined }) | { source: SourceFile; tooDeepAt: number };

export interface YamlParseOptions {
  /**
   * Type values as PyYAML does when read straight into data (the inventory): `!unsafe` and
   * `!vault` tags, whole floats kept floats (`1.0`), `1e3` kept a string, dates kept as text.
   */
  pythonValues?: boolean;
}

export function parseYamlText(file: string, raw: string, options: YamlParseOptions = {}): YamlParse {
  const text = withoutBom(raw);
  const lineCounter = new LineCounter();
  const deep = tooDeepFlowAt(text);
  if (deep !== undefined) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0 && i < deep; i = text.indexOf('\n', i + 1))
      lineCounter.addNewLine(i + 1);
    return { source: new SourceFile(file, text, lineCounter), tooDeepAt: deep };
  }
  const doc = options.pythonValues
    ? parseDocument(text, { ...PYYAML_OPTIONS, uniqueKeys: false, lineCounter, customTags: pyyamlTags })
    : parseDocument(text, { ...PYYAML_OPTIONS, lineCounter, uniqueKeys: false, prettyErrors: false });
  if (options.pythonValues && doc.errors.length === 0) pythonNumbers(doc);
  return { source: new SourceFile(file, text, lineCounter), doc };
}

/**
 * Parses with Python values (see YamlParseOptions) and throws the first problem as a
 * FlotillaError with `code`: what the inventory loaders need.
 */
export function parseYamlOrThrow(file: string, raw: string, code: string): ParsedYaml {
  const parsed = parseYamlText(file, raw, { pythonValues: true });
  const { source } = parsed;
  if (parsed.tooDeepAt !== undefined) {
    throw new FlotillaError(code, `YAML syntax error: ${TOO_DEEP_MESSAGE}`, {
      location: source.locate(parsed.tooDeepAt),
      hint: TOO_DEEP_HINT,
    });
  }
  const err = parsed.doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new FlotillaError(code, `YAML syntax error: ${err.message.split('\n')[0]}`, {
      location: pos ? { file, line: pos.line, col: pos.col } : undefined,
      sourceLine: pos ? source.text.split(/\r?\n/)[pos.line - 1] : undefined,
      cause: err,
    });
  }
  return parsed;
}

// PyYAML's implicit int and float resolvers (YAML 1.1 as PyYAML reads it: `1e3` is a string).
const PY_INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Plain numbers and dates as PyYAML types them: floats stay floats (`1.0`), `1e3` stays a string. */
function pythonNumbers(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node) {
      // Dates stay text here: Ansible prints a YAML date the way it was written (str(date)).
      if (node.value instanceof Date)
        (node as { value: unknown }).value = (node as { source?: string }).source;
      if (typeof node.value !== 'number' || node.tag || node.type !== 'PLAIN') return;
      const source = (node as { source?: string }).source;
      if (typeof source !== 'string' || PY_INT.test(source)) return;
      if (PY_FLOAT.test(source)) (node as { value: unknown }).value = pyFloat(node.value);
      else (node as { value: unknown }).value = source;
    },
  });
}

/** The plain JavaScript value of a node (or of the whole document). */
export function toPlain(parsed: ParsedYaml, node?: unknown): unknown {
  // `!unsafe` scalars become marked slots of their containers (python/unsafe.ts).
  const { source, doc } = parsed;
  try {
    if (node === undefined) return settleUnsafe(doc.toJS({ maxAliasCount: -1 }));
    if (isNode(node)) return settleUnsafe((node as Node).toJS(doc, { maxAliasCount: -1 }));
  } catch (err) {
    throw unresolvedAlias(err, source.text, source.file) ?? err;
  }
  return settleUnsafe(node);
}
