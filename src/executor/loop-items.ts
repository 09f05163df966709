/**
 * Resolves a task's loop into its items: `loop:` and the `with_<lookup>` forms (the
 * lookup plugin's run(terms), as Ansible's TaskExecutor calls it).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { fnmatchToRegExp } from '../inventory/fnmatch.js';
import type { TaskSpec } from '../plan/task-spec.js';

export type Render = (value: unknown) => unknown;

/** Runs the templating engine's lookup plugin `name` on one term (`query(name, term)`). */
export type QueryOne = (name: string, term: unknown) => unknown[];

/** Lookups whose terms are independent: with_<name> is query(name, term) for each term. */
const PER_TERM_LOOKUPS = new Set(['file', 'template', 'env', 'pipe', 'lines', 'vars']);

export function loopItems(
  spec: TaskSpec,
  render: Render,
  query?: QueryOne,
  searchPath: string[] = [],
): unknown[] | undefined {
  const { loop, withLookup } = spec.keywords;
  if (loop !== undefined) return asList(render(loop), 'loop');
  if (!withLookup) return undefined;
  const arg = render(withLookup.arg);
  switch (withLookup.name) {
    case 'items':
      return asList(arg, 'with_items').flatMap((x) => (Array.isArray(x) ? x : [x]));
    case 'list':
      return asList(arg, 'with_list');
    case 'indexed_items':
      return asList(arg, 'with_indexed_items').map((x, i) => [i, x]);
    case 'dict':
      return Object.entries(asMapping(arg)).map(([key, value]) => ({ key, value }));
    case 'together': {
      const lists = asList(arg, 'with_together').map((l) => asList(l, 'with_together'));
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => l[i] ?? null));
    }
    case 'nested':
    case 'cartesian':
      return asList(arg, `with_${withLookup.name}`)
        .map((l) => asList(l, 'with_nested'))
        .reduce<unknown[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
    case 'sequence':
      return asList(arg, 'with_sequence').flatMap((t) => sequence(String(t)));
    case 'flattened':
      return flattenDeep(asList(arg, 'with_flattened'));
    case 'subelements':
      return subelements(asList(arg, 'with_subelements'));
    case 'inventory_hostnames':
      return inventoryHostnames(
        asList(arg, 'with_inventory_hostnames').map(String),
        render('{{ groups }}') as Record<string, string[]>,
      );
    case 'fileglob':
      return asList(arg, 'with_fileglob').flatMap((t) => fileglob(String(t), searchPath));
    case 'first_found':
      if (query) return query('first_found', arg);
      break;
    default:
      if (query && PER_TERM_LOOKUPS.has(withLookup.name))
        return asList(arg, `with_${withLookup.name}`).flatMap((t) => query(withLookup.name, t));
  }
  throw new FlotillaError('FLT_TASK_LOOP', `with_${withLookup.name} is not supported`, {
    hint: 'use `loop:` with a filter or lookup instead',
  });
}

function flattenDeep(list: unknown[]): unknown[] {
  return list.flatMap((x) => (Array.isArray(x) ? flattenDeep(x) : [x]));
}

function lookupFailure(message: string): FlotillaError {
  return new FlotillaError('FLT_TASK_LOOP', message);
}

/** Ansible's subelements lookup: [list-or-dict, 'key.sub', {skip_missing}] -> [parent, child] pairs. */
function subelements(terms: unknown[]): unknown[] {
  const usage = 'subelements lookup expects a list of two or three items, ';
  if (terms.length < 2 || terms.length > 3) throw lookupFailure(usage);
  const [source, key, flags] = terms;
  const isDict = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!(Array.isArray(source) || isDict(source)) || typeof key !== 'string')
    throw lookupFailure(`${usage}first a dict or a list, second a string pointing to the subkey`);
  if (isDict(source) && source.skipped !== undefined && source.skipped !== false) return [];
  const elements = Array.isArray(source) ? source : Object.values(source);
  const skipMissing = isDict(flags) && /^(true|yes|on|1)$/i.test(String(flags.skip_missing ?? false));
  const subkeys = key.split('.');
  const out: unknown[] = [];
  for (const element of elements) {
    if (!isDict(element))
      throw lookupFailure(`subelements lookup expects a dictionary, got '${JSON.stringify(element)}'`);
    if (element.skipped !== undefined && element.skipped !== false) continue;
    // Ansible pops the list out of (its copy of) the parent: item.0 has no such key.
    const parent = structuredClone(element);
    let holder: Record<string, unknown> = parent;
    let sublist: unknown[] = [];
    for (let i = 0; i < subkeys.length; i++) {
      const sub = subkeys[i];
      if (!(sub in holder)) {
        if (skipMissing) continue;
        throw lookupFailure(`could not find '${sub}' key in iterated item '${JSON.stringify(holder)}'`);
      }
      const value = holder[sub];
      if (i < subkeys.length - 1) {
        if (!isDict(value)) {
          if (skipMissing) continue;
          throw lookupFailure(`the key ${sub} should point to a dictionary, got '${JSON.stringify(value)}'`);
        }
        holder = value;
      } else {
        if (!Array.isArray(value))
          throw lookupFailure(`the key ${sub} should point to a list, got '${JSON.stringify(value)}'`);
        sublist = value;
        delete holder[sub];
      }
    }
    for (const child of sublist) out.push([parent, child]);
  }
  return out;
}

/**
 * Host names matching inventory patterns (`all`, groups, hosts, wildcards, `a:b`, `a,b`,
 * `!x`, `&y`), in inventory order, from the `groups` magic variable.
 */
export function inventoryHostnames(patterns: string[], groups: Record<string, string[]>): string[] {
  const all = groups.all ?? [];
  const match = (p: string): string[] => {
    if (p === 'all' || p === '*') return all;
    if (groups[p]) return groups[p];
    if (all.includes(p)) return [p];
    const re = p.startsWith('~') ? new RegExp(p.slice(1)) : fnmatchToRegExp(p);
    const names = new Set<string>();
    for (const [g, hosts] of Object.entries(groups)) if (re.test(g)) for (const h of hosts) names.add(h);
    for (const h of all) if (re.test(h)) names.add(h);
    return all.filter((h) => names.has(h));
  };
  const parts = patterns.flatMap((p) => p.split(/[:,]/)).filter((p) => p.trim() !== '');
  let result: string[] = [];
  for (const raw of parts.filter((p) => !p.startsWith('!') && !p.startsWith('&')))
    for (const h of match(raw.trim())) if (!result.includes(h)) result.push(h);
  for (const raw of parts.filter((p) => p.startsWith('&'))) {
    const keep = new Set(match(raw.slice(1).trim()));
    result = result.filter((h) => keep.has(h));
  }
  for (const raw of parts.filter((p) => p.startsWith('!'))) {
    const drop = new Set(match(raw.slice(1).trim()));
    result = result.filter((h) => !drop.has(h));
  }
  return result;
}

/** Ansible's fileglob lookup: files (not directories) matching the term, found in the search path's files/. */
function fileglob(term: string, searchPath: string[]): string[] {
  const base = path.basename(term);
  const dir = path.dirname(term);
  const candidates = path.isAbsolute(term)
    ? [dir]
    : searchPath.flatMap((d) => [path.join(d, 'files', dir), path.join(d, dir)]);
  const found = candidates.find((d) => existsSync(d) && statSync(d).isDirectory());
  if (!found) return [];
  const re = fnmatchToRegExp(base);
  return readdirSync(found)
    .filter((n) => re.test(n) && !(n.startsWith('.') && !base.startsWith('.')))
    .sort()
    .map((n) => path.join(found, n))
    .filter((f) => statSync(f).isFile());
}

function asList(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  throw new FlotillaError(
    'FLT_TASK_LOOP',
    `Invalid data passed to '${what}', it requires a list, got this instead: ${JSON.stringify(value)}`,
    {
      hint: 'Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.',
    },
  );
}

function asMapping(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new FlotillaError('FLT_TASK_LOOP', `with_dict expects a dict, got ${JSON.stringify(value)}`);
}

/** `with_sequence: start=1 end=5 stride=1 format=web%02d` or the short form `1-5`. */
function sequence(spec: string): string[] {
  const opts: Record<string, string> = {};
  const short = /^\s*(\d+)-(\d+)(?:\/(\d+))?(?::(\S+))?\s*$/.exec(spec);
  if (short)
    Object.assign(opts, {
      start: short[1],
      end: short[2],
      stride: short[3] ?? '1',
      format: short[4] ?? '%d',
    });
  else for (const m of spec.matchAll(/(\w+)=(\S+)/g)) opts[m[1]] = m[2];
  const start = Number(opts.start ?? 1);
  const stride = Number(opts.stride ?? 1);
  const end = opts.count !== undefined ? start + (Number(opts.count) - 1) * stride : Number(opts.end);
  const format = opts.format ?? '%d';
  if (!Number.isFinite(end) || stride === 0)
    throw new FlotillaError('FLT_TASK_LOOP', `bad with_sequence "${spec}"`);
  const out: string[] = [];
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) {
    out.push(
      format.replace(/%(0?)(\d*)d/, (_m, zero, width) =>
        String(i).padStart(Number(width || 0), zero ? '0' : ' '),
      ),
    );
  }
  return out;
}
