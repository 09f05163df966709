/** The sequence lookup (with_sequence): `[start-]end[/stride][:format]` or start= end=|count= stride= format=. */

import { appendAll } from '../../../collections/append-all.js';
import { pyRepr } from '../../../python/repr.js';
import { pyTypeName } from '../../../python/values.js';
import { parseKv } from '../../../text/split-args.js';
import { percentFormat } from '../../runtime/operators.js';
import { ansibleError, LookupFailure, type LookupPlugin } from './plugin.js';

const NUM = '(0?x?[0-9a-f]+)';
const SHORTCUT = new RegExp(`^(${NUM}-)?${NUM}(/${NUM})?(:(.+))?$`, 'is');

interface Spec {
  start: number;
  end?: number;
  count?: number;
  stride: number;
  format: string;
}

/** Python's int(text, 0): decimal without leading zeros, or 0x / 0o / 0b prefixed. */
function pyIntBase0(text: string): number | undefined {
  const t = text.trim().replaceAll(/(?<=[0-9a-f])_(?=[0-9a-f])/gi, '');
  const m = /^([+-]?)(?:(0[xX][0-9a-fA-F]+)|(0[oO][0-7]+)|(0[bB][01]+)|([1-9][0-9]*|0+))$/.exec(t);
  if (!m) return undefined;
  const body = m[2] ?? m[3] ?? m[4];
  const value = body ? Number.parseInt(body.slice(2), m[2] ? 16 : m[3] ? 8 : 2) : Number(m[5]);
  return m[1] === '-' ? -value : value;
}

function toInt(name: string, raw: string): number {
  const n = pyIntBase0(raw);
  if (n === undefined) throw ansibleError(`can't parse ${name}=${raw} as integer`);
  return n;
}

function parseSimple(term: string, spec: Spec): boolean {
  const m = SHORTCUT.exec(term);
  if (!m) return false;
  const [, , start, end, , stride, , format] = m;
  if (start !== undefined) spec.start = toInt('start', start);
  spec.end = toInt('end', end);
  if (stride !== undefined) spec.stride = toInt('stride', stride);
  if (format !== undefined) spec.format = format;
  return true;
}

function parseKvArgs(term: string, spec: Spec): void {
  const args: Record<string, string> = parseKv(term);
  for (const name of ['start', 'end', 'count', 'stride'] as const) {
    const raw = args[name];
    delete args[name];
    if (raw === undefined) continue;
    spec[name] = toInt(name, raw);
  }
  if ('format' in args) {
    spec.format = args.format;
    delete args.format;
  }
  const rest = Object.keys(args);
  if (rest.length) throw ansibleError(`unrecognized arguments to with_sequence: ${pyRepr(rest)}`);
}

function sanityCheck(spec: Spec): void {
  if (spec.count === undefined && spec.end === undefined)
    throw ansibleError('must specify count or end in with_sequence');
  if (spec.count !== undefined && spec.end !== undefined)
    throw ansibleError("can't specify both count and end in with_sequence");
  if (spec.count !== undefined) {
    if (spec.count !== 0) spec.end = spec.start + spec.count * spec.stride - 1;
    else Object.assign(spec, { start: 0, end: 0, stride: 0 });
  }
  const end = spec.end as number;
  if (spec.stride > 0 && end < spec.start) throw ansibleError('to count backwards make stride negative');
  if (spec.stride < 0 && end > spec.start) throw ansibleError("to count forward don't make stride negative");
  if (spec.format.split('%').length - 1 !== 1) throw ansibleError(`bad formatting string: ${spec.format}`);
}

function* generate(spec: Spec): Generator<string> {
  const stop = (spec.end as number) + (spec.stride >= 0 ? 1 : -1);
  for (let i = spec.start; spec.stride > 0 ? i < stop : i > stop; i += spec.stride) {
    try {
      yield percentFormat(spec.format, i, true);
    } catch {
      throw ansibleError(`problem formatting ${i} with ${pyRepr(spec.format)}`);
    }
  }
}

export const sequence: LookupPlugin = (terms) => {
  const results: string[] = [];
  for (const term of terms) {
    const spec: Spec = { start: 1, stride: 1, format: '%d' };
    if (typeof term !== 'string')
      throw ansibleError(
        `unknown error parsing with_sequence arguments: ${pyRepr(term)}. Error was: expected string or bytes-like object, got '${pyTypeName(term)}'`,
      );
    try {
      if (!parseSimple(term, spec)) parseKvArgs(term, spec);
    } catch (err) {
      if (err instanceof LookupFailure) throw err;
      throw ansibleError(`unknown error parsing with_sequence arguments: ${pyRepr(term)}. Error was: ${err}`);
    }
    sanityCheck(spec);
    if (spec.stride !== 0) appendAll(results, generate(spec));
  }
  return results;
};

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = { sequence };
