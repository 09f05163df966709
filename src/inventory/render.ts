/**
 * What `ansible-inventory --list`, `--graph` and `--host` print, as data (the CLI
 * prints). Host variables drop the internal names ansible-inventory drops.
 */
import { FlotillaError } from '../errors/index.js';
import { groupHosts } from './groups.js';
import type { Inventory } from './model.js';
import { getHostVars } from './vars.js';

/** cli/inventory.py INTERNAL_VARS. */
const INTERNAL_VARS = new Set([
  'ansible_diff_mode',
  'ansible_config_file',
  'ansible_facts',
  'ansible_forks',
  'ansible_inventory_sources',
  'ansible_limit',
  'ansible_playbook_python',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_verbosity',
  'ansible_version',
  'inventory_dir',
  'inventory_file',
  'inventory_hostname',
  'inventory_hostname_short',
  'groups',
  'group_names',
  'omit',
  'playbook_dir',
]);

interface ListGroup {
  hosts?: string[];
  children?: string[];
}

/** `ansible-inventory --list`: groups (empty ones omitted) and `_meta.hostvars`. */
export function renderInventoryList(inv: Inventory): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const formatGroup = (name: string): void => {
    const group = inv.groups.get(name)!;
    const entry: ListGroup = {};
    out[name] = entry;
    if (name !== 'all') entry.hosts = [...group.hosts];
    entry.children = [];
    for (const child of group.children) {
      entry.children.push(child);
      if (!seen.has(child)) {
        formatGroup(child);
        seen.add(child);
      }
    }
    if (entry.hosts?.length === 0) delete entry.hosts;
    if (entry.children.length === 0) delete entry.children;
    // A child formatted later may have replaced this entry (shared children); only drop our own.
    if (Object.keys(entry).length === 0 && out[name] === entry) delete out[name];
  };
  formatGroup('all');
  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const host of groupHosts(inv, 'all')) {
    const vars = renderInventoryHost(inv, host);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  out._meta = { hostvars };
  return out;
}

/** `ansible-inventory --host NAME`. */
export function renderInventoryHost(inv: Inventory, host: string): Record<string, unknown> {
  const vars = getHostVars(inv, host);
  for (const key of INTERNAL_VARS) delete vars[key];
  return vars;
}

/** `ansible-inventory --graph [GROUP]`, without a trailing newline. */
export function renderInventoryGraph(inv: Inventory, group = 'all'): string {
  if (!inv.groups.has(group)) {
    throw new FlotillaError(
      'FLT_INVENTORY_GRAPH_GROUP',
      'Pattern must be valid group name when using --graph',
      {
        hint: `${group} is not a group`,
      },
    );
  }
  const lines: string[] = [];
  const walk = (name: string, depth: number): void => {
    lines.push(graphName(`@${name}:`, depth));
    const g = inv.groups.get(name)!;
    for (const child of g.children) walk(child, depth + 1);
    if (name !== 'all') for (const host of g.hosts) lines.push(graphName(host, depth + 1));
  };
  walk(group, 0);
  return lines.join('\n');
}

function graphName(name: string, depth: number): string {
  return depth ? `${'  |'.repeat(depth)}--${name}` : name;
}

/** JSON as ansible-inventory writes it: keys sorted, 4-space indent. */
export function toAnsibleJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
