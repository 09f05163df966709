/**
 * Python's pprint.pformat (width 80, dicts sorted), which Jinja's pprint filter returns:
 * the repr when it fits, else one item per line, long strings split into parts.
 */
import { pyRepr } from '../../../python/repr.js';
import { isMapping, PyTuple, pyCompare } from '../../../python/values.js';

const WIDTH = 80;

function sortedKeys(dict: Record<string, unknown>): string[] {
  return Object.keys(dict).sort((a, b) => pyCompare(a, b));
}

/** repr() with dict keys sorted, at every depth. */
function sortedRepr(value: unknown): string {
  if (value instanceof PyTuple) {
    const items = value.map(sortedRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`;
  if (isMapping(value)) {
    return `{${sortedKeys(value)
      .map((k) => `${pyRepr(k)}: ${sortedRepr(value[k])}`)
      .join(', ')}}`;
  }
  return pyRepr(value);
}

function formatString(s: string, indent: number, allowance: number, level: number): string {
  const lines = s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = WIDTH - indent;
  let maxWidth1 = maxWidth;
  const chunks: string[] = [];
  lines.forEach((line, i) => {
    const rep = pyRepr(line);
    if (i === lines.length - 1) maxWidth1 -= allowance;
    if (rep.length <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    const parts = line.match(/\S*\s*/g)?.filter((p) => p !== '') ?? [];
    let maxWidth2 = maxWidth;
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
      if (pyRepr(candidate).length > maxWidth2) {
        if (current) chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(pyRepr(current));
  });
  if (chunks.length === 1) return pyRepr(s);
  const body = chunks.join(`\n${' '.repeat(indent)}`);
  return level === 1 ? `(${body})` : body;
}

function formatItems(items: unknown[], indent: number, allowance: number, level: number): string {
  indent += 1;
  return items
    .map((item, i) => format(item, indent, i === items.length - 1 ? allowance : 1, level))
    .join(`,\n${' '.repeat(indent)}`);
}

function format(value: unknown, indent: number, allowance: number, level: number): string {
  const rep = sortedRepr(value);
  if (rep.length <= WIDTH - indent - allowance) return rep;
  const next = level + 1;
  if (isMapping(value)) {
    const keys = sortedKeys(value);
    if (!keys.length) return rep;
    const inner = indent + 1;
    return `{${keys
      .map((k, i) => {
        const key = pyRepr(k);
        const last = i === keys.length - 1;
        return `${key}: ${format(value[k], inner + key.length + 2, last ? allowance + 1 : 1, next)}`;
      })
      .join(`,\n${' '.repeat(inner)}`)}}`;
  }
  if (value instanceof PyTuple) {
    const end = value.length === 1 ? ',)' : ')';
    return `(${formatItems(value, indent, allowance + end.length, next)}${end}`;
  }
  if (Array.isArray(value)) return `[${formatItems(value, indent, allowance + 1, next)}]`;
  if (typeof value === 'string' && value.length) return formatString(value, indent, allowance, next);
  return rep;
}

export function pformat(value: unknown): string {
  return format(value, 0, 0, 0);
}
