/** Lookups over the render's variables: vars, varnames, inventory_hostnames. */
import { FlotillaError } from '../../../errors/index.js';
import type { Inventory } from '../../../inventory/model.js';
import { selectHosts } from '../../../inventory/patterns.js';
import { pyStr } from '../../../python/repr.js';
import { AnsibleUndefined } from '../../../python/undefined.js';
import { isMapping } from '../../../python/values.js';
import { pythonReError } from '../../../text/python-re-syntax.js';
import { pyRegex } from '../filters/regex.js';
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
    // re.compile's error text, as varnames.py puts it in its message
    const pyError = pythonReError(term);
    if (pyError) throw ansibleError(`Unable to use "${term}" as a search parameter: ${pyError.message}`);
    let re: RegExp;
    try {
      re = pyRegex(term);
    } catch (err) {
      throw ansibleError(`Unable to use "${term}" as a search parameter: ${(err as Error).message}`);
    }
    return names.filter((n) => re.test(n));
  });
};

/**
 * Host names matching inventory patterns, as Ansible's lookup finds them: it rebuilds a flat
 * inventory from the `groups` magic variable (each group holding its hosts, no children)
 * and evaluates the patterns on it (unions, `&`, `!`, wildcards, `~regex`, subscripts,
 * the implicit localhost); a pattern error gives no hosts.
 */
export function inventoryHostnames(patterns: string[], groups: Record<string, string[]>): string[] {
  const inv: Inventory = { hosts: new Map(), groups: new Map(), sources: [] };
  for (const [name, hosts] of Object.entries(groups)) {
    const members = Array.isArray(hosts) ? hosts.map(pyStr) : [];
    inv.groups.set(name, { name, vars: {}, hosts: members, children: [] });
    for (const h of members) if (!inv.hosts.has(h)) inv.hosts.set(h, { name: h, vars: {} });
  }
  try {
    return selectHosts(inv, patterns);
  } catch {
    return [];
  }
}

export const inventoryHostnamesLookup: LookupPlugin = (terms, _kwargs, ctx) => {
  const groups = ctx.state.scope.has('groups') ? ctx.state.scope.get('groups') : {};
  return inventoryHostnames(terms.map(pyStr), (isMapping(groups) ? groups : {}) as Record<string, string[]>);
};

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = {
  inventory_hostnames: inventoryHostnamesLookup,
  varnames,
  vars,
};
