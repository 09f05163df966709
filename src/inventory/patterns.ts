/**
 * Host patterns as Ansible's InventoryManager evaluates them: `all`, `*`, names,
 * groups, wildcards, `~regex`, `a:b`, `a,b`, `&` intersections, `!` exclusions and
 * `[i]`/`[a:b]`/`[-1]` subscripts. Unions come first in order, then intersections,
 * then exclusions; the result is deduplicated keeping first occurrences.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { appendAll } from '../collections/append-all.js';
import { FlotillaError } from '../errors/index.js';
import { fnmatchToRegExp } from '../text/fnmatch.js';
import { groupHosts } from './groups.js';
import { parseAddress } from './host-range.js';
import type { Inventory } from './model.js';

/** Names Ansible treats as the implicit localhost when no such host is in the inventory. */
export const LOCALHOST_NAMES = ['127.0.0.1', 'localhost', '::1'];

/** Hosts host_vars/ files are looked up for: the inventory's, and the implicit localhost's names. */
export function varsFileHosts(inv: Inventory): string[] {
  return [...inv.hosts.keys(), ...LOCALHOST_NAMES.filter((n) => !inv.hosts.has(n))];
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;
const PATTERN_PIECE = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

/** split_host_pattern: commas always split; colons split unless the whole is a host address. */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p));
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern, true)) parts = [pattern];
  else parts = pattern.match(PATTERN_PIECE) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export interface SelectOptions {
  /** Called with each sub-pattern that matches nothing (Ansible warns "Could not match ..."). */
  onUnmatched?: (pattern: string) => void;
}

/** The hosts a play's `hosts:` selects, in Ansible's order. Unmatched patterns yield nothing. */
export function selectHosts(
  inv: Inventory,
  pattern: string | string[],
  options: SelectOptions = {},
): string[] {
  return dedupe(new PatternEvaluator(inv, options.onUnmatched).evaluate(splitHostPattern(pattern)));
}

/** The text of Ansible's warning for a sub-pattern that matched nothing. */
export function unmatchedPatternWarning(pattern: string): string {
  return `Could not match supplied host pattern, ignoring: ${pattern}`;
}

export interface LimitOptions extends SelectOptions {
  /** Directory `@file` limits are resolved against (default: process.cwd()). */
  cwd?: string;
}

/** `--limit`: keeps the hosts (in their order) that the limit pattern also selects. */
export function applyLimit(
  inv: Inventory,
  hosts: string[],
  limit: string,
  options: LimitOptions = {},
): string[] {
  const patterns: string[] = [];
  for (const piece of splitHostPattern(limit)) {
    if (piece[0] !== '@') {
      patterns.push(piece);
      continue;
    }
    const file = resolve(options.cwd ?? process.cwd(), piece.slice(1));
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new FlotillaError('FLT_INVENTORY_LIMIT_FILE', `Unable to find limit file ${file}`);
    }
    if (!isFile) {
      throw new FlotillaError(
        'FLT_INVENTORY_LIMIT_FILE',
        `Limit starting with "@" must be a file, not a directory: ${file}`,
      );
    }
    patterns.push(
      ...readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim()),
    );
  }
  const allowed = new Set(new PatternEvaluator(inv, options.onUnmatched).evaluate(patterns));
  return hosts.filter((h) => allowed.has(h));
}

/**
 * CLI.get_host_list as ansible-playbook runs it before any play: with a non-empty
 * inventory, a --limit that leaves no host of `all` is an error.
 */
export function checkLimitLeavesHosts(
  inv: Inventory,
  limit: string | undefined,
  options: LimitOptions = {},
): void {
  const all = groupHosts(inv, 'all');
  if (all.length === 0 || !limit) return;
  if (applyLimit(inv, all, limit, options).length === 0) {
    throw new FlotillaError(
      'FLT_INVENTORY_NO_HOSTS',
      'Specified inventory, host pattern and/or --limit leaves us with no hosts to target.',
      { hint: `--limit ${limit} matches none of the inventory's hosts` },
    );
  }
}

class PatternEvaluator {
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly inv: Inventory,
    private readonly onUnmatched?: (pattern: string) => void,
  ) {}

  /** _evaluate_patterns (not deduplicated; callers dedupe). */
  evaluate(patterns: string[]): string[] {
    let hosts: string[] = [];
    for (const p of orderPatterns(patterns)) {
      if (this.inv.hosts.has(p)) {
        hosts.push(p);
        continue;
      }
      const that = this.matchOne(p);
      if (p[0] === '!') {
        const drop = new Set(that);
        hosts = hosts.filter((h) => !drop.has(h));
      } else if (p[0] === '&') {
        const keep = new Set(that);
        hosts = hosts.filter((h) => keep.has(h));
      } else {
        const existing = new Set(hosts);
        for (const h of that) if (!existing.has(h)) hosts.push(h);
      }
    }
    return hosts;
  }

  private matchOne(raw: string): string[] {
    const pattern = raw[0] === '&' || raw[0] === '!' ? raw.slice(1) : raw;
    const hit = this.cache.get(pattern);
    if (hit) return hit;
    const { expr, subscript } = splitSubscript(pattern);
    const hosts = applySubscript(this.enumerate(expr), subscript, pattern);
    this.cache.set(pattern, hosts);
    return hosts;
  }

  private enumerate(pattern: string): string[] {
    const matcher = compilePattern(pattern);
    const results: string[] = [];
    let matchedGroup = false;
    for (const name of this.inv.groups.keys()) {
      if (matcher(name)) {
        matchedGroup = true;
        appendAll(results, groupHosts(this.inv, name));
      }
    }
    if (!matchedGroup || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
      for (const name of this.inv.hosts.keys()) if (matcher(name)) results.push(name);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(pattern)) {
      // An inventory host named like localhost stands for every alias (the last one added
      // wins, as in InventoryData.add_host); else one implicit localhost, named by the
      // first alias asked for.
      const explicit = [...this.inv.hosts.keys()].filter((h) => LOCALHOST_NAMES.includes(h)).at(-1);
      if (explicit) results.push(explicit);
      else results.push((this.inv.implicitLocalhost ??= pattern));
    } else if (results.length === 0) this.onUnmatched?.(pattern);
    return results;
  }
}

function orderPatterns(patterns: string[]): string[] {
  const regular: string[] = [];
  const intersection: string[] = [];
  const exclude: string[] = [];
  for (const p of patterns) {
    if (!p) continue;
    if (p[0] === '!') exclude.push(p);
    else if (p[0] === '&') intersection.push(p);
    else regular.push(p);
  }
  return [...(regular.length > 0 ? regular : ['all']), ...intersection, ...exclude];
}

type Subscript = { start: number; end: number | undefined } | undefined;

function splitSubscript(pattern: string): { expr: string; subscript: Subscript } {
  if (pattern[0] === '~') return { expr: pattern, subscript: undefined };
  const m = SUBSCRIPT.exec(pattern);
  if (!m) return { expr: pattern, subscript: undefined };
  const [, expr, idx, start, , end] = m;
  if (idx !== undefined) return { expr, subscript: { start: Number(idx), end: undefined } };
  return { expr, subscript: { start: Number(start), end: end ? Number(end) : -1 } };
}

/** _apply_subscript, with Python's indexing: [-1] is the last host, slices never fail. */
function applySubscript(hosts: string[], subscript: Subscript, pattern: string): string[] {
  if (hosts.length === 0 || !subscript) return hosts;
  const { start } = subscript;
  let { end } = subscript;
  if (end) {
    if (end === -1) end = hosts.length - 1;
    return hosts.slice(start, end + 1);
  }
  const index = start < 0 ? hosts.length + start : start;
  if (index < 0 || index >= hosts.length) {
    throw new FlotillaError(
      'FLT_INVENTORY_PATTERN',
      `No hosts matched the subscripted pattern '${pattern}'`,
      {
        hint: `the pattern matches ${hosts.length} host(s); indexes start at 0`,
      },
    );
  }
  return [hosts[index]];
}

function compilePattern(pattern: string): (name: string) => boolean {
  try {
    if (pattern[0] === '~') {
      // Python's re.match: anchored at the start only.
      const re = new RegExp(`^(?:${pattern.slice(1).replaceAll('(?P<', '(?<')})`);
      return (name) => re.test(name);
    }
    if (!/[*?[]/.test(pattern)) return (name) => name === pattern;
    const re = fnmatchToRegExp(pattern);
    return (name) => re.test(name);
  } catch (err) {
    throw new FlotillaError('FLT_INVENTORY_PATTERN', `Invalid host list pattern: ${pattern}`, { cause: err });
  }
}

function dedupe(hosts: string[]): string[] {
  return [...new Set(hosts)];
}
