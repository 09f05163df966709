/** Lookups over the render's variables: vars, varnames, inventory_hostnames. */
import { FlotillaError } from '../../errors/index.js';
import { fnmatchToRegExp } from '../../inventory/fnmatch.js';
import { splitHostPattern } from '../../inventory/patterns.js';
import { isMapping, pyStr } from '../python.js';
import { AnsibleUndefined } from '../undefined.js';
import { ansibleError, type LookupPlugin, pyClassOf } from './plugin.js';

export const vars: LookupPlugin = (terms, kwargs, ctx) => {
  const { scope } = ctx.state;
  const fallback = kwargs.default ?? null;
  return terms.map((term) => {
    if (typeof term !== 'string')
      throw ansibleError(
        `Invalid setting identifier, "${pyStr(term)}" is not a string, its a ${pyClassOf(term)}`,
      );
    try {
      if (scope.has(term)) return scope.get(term);
      const hostvars = scope.has('hostvars') ? scope.get('hostvars') : undefined;
      const mine = isMapping(hostvars) ? hostvars[pyStr(scope.get('inventory_hostname'))] : undefined;
      if (isMapping(mine) && term in mine && !(mine[term] instanceof AnsibleUndefined)) return mine[term];
      throw new FlotillaError('FLT_TEMPLATE_UNDEFINED', `No variable found with this name: ${term}`);
    } catch (err) {
      // Only an undefined variable falls back to the default.
      if (fallback !== null && err instanceof FlotillaError && err.code === 'FLT_TEMPLATE_UNDEFINED')
        return fallback;
      throw err;
    }
  });
};

export const varnames: LookupPlugin = (terms, _kwargs, ctx) => {
  const names = ctx.state.scope.names();
  return terms.flatMap((term) => {
    if (typeof term !== 'string')
      throw ansibleError(
        `Invalid setting identifier, "${pyStr(term)}" is not a string, it is a ${pyClassOf(term)}`,
      );
    let re: RegExp;
    try {
      re = new RegExp(term);
    } catch (err) {
      throw ansibleError(`Unable to use "${term}" as a search parameter: ${(err as Error).message}`);
    }
    return names.filter((n) => re.test(n));
  });
};

/**
 * Host names matching inventory patterns (`all`, groups, hosts, wildcards, `~regex`, `a:b`,
 * `a,b`, `!x`, `&y`), in inventory order, from the `groups` magic variable (as Ansible's
 * lookup rebuilds an inventory from it).
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
  const parts = splitHostPattern(patterns);
  let result: string[] = [];
  for (const raw of parts.filter((p) => !p.startsWith('!') && !p.startsWith('&')))
    for (const h of match(raw)) if (!result.includes(h)) result.push(h);
  for (const raw of parts.filter((p) => p.startsWith('&'))) {
    const keep = new Set(match(raw.slice(1)));
    result = result.filter((h) => keep.has(h));
  }
  for (const raw of parts.filter((p) => p.startsWith('!'))) {
    const drop = new Set(match(raw.slice(1)));
    result = result.filter((h) => !drop.has(h));
  }
  return result;
}

export const inventoryHostnamesLookup: LookupPlugin = (terms, _kwargs, ctx) => {
  const groups = ctx.state.scope.has('groups') ? ctx.state.scope.get('groups') : {};
  return inventoryHostnames(terms.map(pyStr), (isMapping(groups) ? groups : {}) as Record<string, string[]>);
};
