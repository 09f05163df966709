/**
 * Loads YAML as Ansible's loader does (YAML 1.1 like PyYAML: `yes`/`no` are booleans,
 * duplicate keys allowed), keeping node positions so errors can point at file:line:col.
 */
import { type Document, isNode, LineCounter, type Node, parseDocument, type ScalarTag } from 'yaml';
import { FlotillaError, type SourceLocation } from '../errors/index.js';
import { PYYAML_OPTIONS, pyyamlTags } from '../yaml/pyyaml.js';

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

// Ansible's own tags: the value is kept as the plain string.
const ANSIBLE_TAGS: ScalarTag[] = ['!unsafe', '!vault', '!vault-encrypted'].map((tag) => ({
  tag,
  resolve: (s: string) => s,
}));

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    ...PYYAML_OPTIONS,
    uniqueKeys: false,
    lineCounter: lines,
    customTags: (tags) => [...pyyamlTags(tags), ...ANSIBLE_TAGS],
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
  return { file, text, doc, lines };
}

/** The plain JavaScript value of a node (or of the whole document). */
export function toPlain(src: YamlSource, node?: unknown): unknown {
  if (node === undefined) return src.doc.toJS({ maxAliasCount: -1 });
  if (isNode(node)) return (node as Node).toJS(src.doc, { maxAliasCount: -1 });
  return node;
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
