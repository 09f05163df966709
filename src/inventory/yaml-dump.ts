/**
 * yaml.dump(data, default_flow_style=False) as ansible-inventory -y writes it: keys
 * sorted, sequences not indented under their key, a dict or list met twice (the same
 * object, e.g. a group var shared by hosts) written once with `&id001` and then as
 * `*id001`, and long plain or single-quoted scalars folded past column 80.
 */

import { isMapping } from '../python/values.js';
import { sealedVaultText } from '../vault/sealed.js';
import { yamlScalar } from '../yaml/yaml-style.js';

const INDENT = 2;
const BEST_WIDTH = 80;

type Collection = Record<string, unknown> | unknown[];

function isCollection(value: unknown): value is Collection {
  return Array.isArray(value) || isMapping(value);
}

function entries(value: Collection): unknown[] {
  if (Array.isArray(value)) return value;
  return Object.keys(value)
    .sort()
    .map((k) => value[k]);
}

/** Serializer.anchor_node: anchors numbered in the order objects are met a second time. */
function assignAnchors(root: unknown): Map<object, string> {
  const seen = new Set<object>();
  const anchors = new Map<object, string>();
  const walk = (value: unknown): void => {
    if (!isCollection(value)) return;
    if (seen.has(value)) {
      if (!anchors.has(value)) anchors.set(value, `id${String(anchors.size + 1).padStart(3, '0')}`);
      return;
    }
    seen.add(value);
    for (const item of entries(value)) walk(item);
  };
  walk(root);
  return anchors;
}

export function dumpPyYaml(value: unknown): string {
  const anchors = assignAnchors(value);
  const written = new Set<object>();
  const lines: string[] = [];

  /** The text after `key:` or `-` for a value; collections that need a block return undefined. */
  const head = (item: unknown, column: number, indent: number): { text: string; block: boolean } => {
    const sealed = sealedVaultText(item);
    if (sealed !== undefined) {
      // A `!vault` value no secret opened: AnsibleDumper writes it back as a tagged literal
      // block, with PyYAML's chomping indicator for its final newlines.
      const trailing = sealed.length - sealed.replace(/\n+$/, '').length;
      const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
      const body = sealed.replace(/\n+$/, '').split('\n');
      return {
        text: ` !vault |${chomp}\n${body.map((l) => ' '.repeat(indent) + l).join('\n')}`,
        block: false,
      };
    }
    if (!isCollection(item))
      return { text: ' ' + fold(yamlScalar(item, false), column + 1, indent), block: false };
    const anchor = anchors.get(item);
    if (anchor && written.has(item)) return { text: ` *${anchor}`, block: false };
    if (anchor) written.add(item);
    const tag = anchor ? ` &${anchor}` : '';
    const empty = Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0;
    if (empty) return { text: `${tag} ${Array.isArray(item) ? '[]' : '{}'}`, block: false };
    return { text: tag, block: true };
  };

  const emit = (node: Collection, indent: number): void => {
    const pad = ' '.repeat(indent);
    if (Array.isArray(node)) {
      for (const item of node) {
        const h = head(item, indent + 1, indent + INDENT);
        if (!h.block) lines.push(`${pad}-${h.text}`);
        else if (h.text || Array.isArray(item)) {
          lines.push(`${pad}-${h.text}`);
          emit(item as Collection, indent + INDENT);
        } else {
          // `- key: value` with the rest of the mapping under it.
          const start = lines.length;
          emit(item as Collection, indent + INDENT);
          lines[start] = `${pad}- ${lines[start].slice(indent + INDENT)}`;
        }
      }
      return;
    }
    for (const key of Object.keys(node).sort()) {
      const item = node[key];
      const k = yamlScalar(key, false);
      const h = head(item, indent + k.length + 1, indent + INDENT);
      lines.push(`${pad}${k}:${h.text}`);
      if (h.block) emit(item as Collection, Array.isArray(item) ? indent : indent + INDENT);
    }
  };

  if (!isCollection(value)) return `${yamlScalar(value, false)}\n...\n`;
  const h = head(value, 0, 0);
  if (!h.block) return `${h.text.trimStart()}\n`;
  emit(value, 0);
  return `${lines.join('\n')}\n`;
}

/**
 * PyYAML's write_plain / write_single_quoted: at a single space, once the column is past
 * the best width, the line breaks and continues at `indent`.
 */
function fold(text: string, column: number, indent: number): string {
  if (text.startsWith('"') || text.length + column <= BEST_WIDTH) return text;
  const quoted = text.startsWith("'");
  let out = '';
  let col = column;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' && text[i - 1] !== ' ' && text[i + 1] !== ' ' && col > BEST_WIDTH && i > 0) {
      // write_single_quoted never breaks right after the opening or before the closing quote.
      if (!quoted || (i > 1 && i < text.length - 2)) {
        out += `\n${' '.repeat(indent)}`;
        col = indent;
        i++;
        continue;
      }
    }
    out += ch;
    col++;
    i++;
  }
  return out;
}
