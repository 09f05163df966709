/**
 * Ansible's custom stats (AggregateStats.custom): what set_stats tasks report, per host or for
 * the run ('_run'), aggregated as set_custom_stats / update_custom_stats do.
 */
import { isPyFloat, numericResult } from '../python/float.js';

export const RUN_KEY = '_run';

export type CustomStatsData = Record<string, Record<string, unknown>>;

export class CustomStats {
  private readonly byHost = new Map<string, Record<string, unknown>>();

  /** A set_stats result, as the strategy reads it (only from a result that is ok). */
  record(host: string, stats: unknown): void {
    if (stats === null || typeof stats !== 'object') return;
    const { data, per_host: perHost, aggregate } = stats as Record<string, unknown>;
    if (data === null || typeof data !== 'object' || Object.keys(data).length === 0) return;
    const target = perHost === undefined || perHost ? host : RUN_KEY;
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (aggregate) this.update(target, key, value);
      else this.set(target, key, value);
    }
  }

  set(host: string, key: string, value: unknown): void {
    let stats = this.byHost.get(host);
    if (!stats) this.byHost.set(host, (stats = {}));
    stats[key] = value;
  }

  /** update_custom_stats: a value of another type is ignored; dicts merge, others add. */
  update(host: string, key: string, value: unknown): void {
    const stats = this.byHost.get(host);
    if (!stats || !(key in stats)) {
      this.set(host, key, value);
      return;
    }
    const old = stats[key];
    if (!isInstanceOfTypeOf(value, old)) return;
    if (isDict(old)) stats[key] = mergeHash(old, value as Record<string, unknown>);
    else if (Array.isArray(old)) stats[key] = [...old, ...(value as unknown[])];
    else if (typeof old === 'string') stats[key] = old + String(value);
    else stats[key] = numericResult(old, value, Number(old) + Number(value));
  }

  /** Per host and '_run', or undefined when nothing was recorded. */
  snapshot(): CustomStatsData | undefined {
    if (this.byHost.size === 0) return undefined;
    return Object.fromEntries([...this.byHost].map(([h, s]) => [h, structuredClone(s)]));
  }
}

/** Python's type of a YAML/JSON value, for isinstance(what, type(old)). */
function pyType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || value instanceof Number) return isPyFloat(value) ? 'float' : 'int';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** isinstance(value, type(old)): a bool is also an int. */
function isInstanceOfTypeOf(value: unknown, old: unknown): boolean {
  const want = pyType(old);
  const got = pyType(value);
  return got === want || (want === 'int' && got === 'bool');
}

function isDict(value: unknown): value is Record<string, unknown> {
  return pyType(value) === 'dict';
}

/** merge_hash(a, b): recursive for dicts, lists replaced. */
function mergeHash(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isDict(out[k]) && isDict(v) ? mergeHash(out[k] as Record<string, unknown>, v) : v;
  return out;
}
