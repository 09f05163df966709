/**
 * Loads YAML as Ansible's loader does (YAML 1.1 like PyYAML: `yes`/`no` are booleans,
 * duplicate keys allowed), keeping node positions so errors can point at file:line:col.
 */
import { type Document, isNode, LineCounter, type Node, parseDocument, visit } from 'yaml';
import { FlotillaError, type SourceLocation } from '../errors/index.js';
import { pyFloat } from '../python/float.js';
import { settleUnsafe } from '../python/unsafe.js';
import {
  lineColAt,
  TOO_DEEP_HINT,
  TOO_DEEP_MESSAGE,
  tooDeepFlowAt,
  unresolvedAlias,
} from '../yaml/nesting.js';
import { PYYAML_OPTIONS, pyyamlTags, withoutBom } from '../yaml/pyyaml.js';

// PyYAML's implicit int and float resolvers (YAML 1.1 as PyYAML reads it: `1e3` is a string).
const PY_INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseYamlSource(raw: string, file: string): YamlSource {
  const text = withoutBom(raw);
  const deep = tooDeepFlowAt(text);
  if (deep !== undefined) {
    const pos = lineColAt(text, deep);
    throw new FlotillaError('FLT_INVENTORY_YAML', `YAML syntax error: ${TOO_DEEP_MESSAGE}`, {
      location: { file, ...pos },
      hint: TOO_DEEP_HINT,
    });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    ...PYYAML_OPTIONS,
    uniqueKeys: false,
    lineCounter: lines,
    customTags: pyyamlTags,
  });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new FlotillaError('FLT_INVENTORY_YAML', `YAML syntax error: ${firstLine(err.message)}`, {
      location: pos ? { file, line: pos.line, col: pos.col } : undefined,
      sourceLine: pos ? text.split(/\r?\n/)[pos.line - 1] : undefined,
      cause: err,
    });
  }
  pythonNumbers(doc);
  return { file, text, doc, lines };
}

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
export function toPlain(src: YamlSource, node?: unknown): unknown {
  // `!unsafe` scalars become marked slots of their containers (python/unsafe.ts).
  try {
    if (node === undefined) return settleUnsafe(src.doc.toJS({ maxAliasCount: -1 }));
    if (isNode(node)) return settleUnsafe((node as Node).toJS(src.doc, { maxAliasCount: -1 }));
  } catch (err) {
    throw unresolvedAlias(err, src.text, src.file) ?? err;
  }
  return settleUnsafe(node);
}

export function locationOf(src: YamlSource, node: unknown): SourceLocation | undefined {
  const range = isNode(node) ? (node as Node).range : undefined;
  if (!range) return undefined;
  const pos = src.lines.linePos(range[0]);
  return { file: src.file, line: pos.line, col: pos.col };
}

export function sourceLineAt(src: YamlSource, loc: SourceLocation | undefined): string | undefined {
  return loc ? src.text.split(/\r?\n/)[loc.line - 1] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
