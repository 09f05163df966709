/**
 * What `ansible-inventory --list`, `--graph` and `--host` print, as data (the CLI
 * prints). Host variables drop the internal names ansible-inventory drops.
 */
import { FlotillaError } from '../errors/index.js';
import { floatRepr, isPyFloat, numberStr, type WholeFloat } from '../python/float.js';
import { pyStr } from '../python/repr.js';
import { sealedVaultText } from '../vault/sealed.js';
import { decryptVault } from '../vault/secrets.js';
import { groupHosts } from './groups.js';
import type { Inventory, VarsDirLayer } from './model.js';
import { LOCALHOST_NAMES } from './patterns.js';
import { PLAYBOOK_PYTHON } from './playbook-python.js';
import { getHostVars } from './vars.js';
import { dumpPyYaml } from './yaml-dump.js';

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

export interface RenderOptions {
  /** `--export`: hosts and groups show only their own vars (and vars files), groups get `vars`. */
  export?: boolean;
  /** `-e`: extra vars, above everything in a host's vars (not shown with --export). */
  extraVars?: Record<string, unknown>;
  /** `--playbook-dir`: group_vars/host_vars beside the playbook dir. */
  playbookLayers?: VarsDirLayer[];
}

interface ListGroup {
  hosts?: string[];
  children?: string[];
  vars?: Record<string, unknown>;
}

/** `ansible-inventory --list`: groups (empty ones omitted) and `_meta.hostvars`. */
export function renderInventoryList(inv: Inventory, options: RenderOptions = {}): Record<string, unknown> {
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
    if (options.export) entry.vars = renderGroupVars(inv, name, options);
    if (entry.hosts?.length === 0) delete entry.hosts;
    if (entry.children.length === 0) delete entry.children;
    if (entry.vars && Object.keys(entry.vars).length === 0) delete entry.vars;
    // A child formatted later may have replaced this entry (shared children); only drop our own.
    if (Object.keys(entry).length === 0 && out[name] === entry) delete out[name];
  };
  formatGroup('all');
  const hostvars: Record<string, Record<string, unknown>> = {};
  for (const host of groupHosts(inv, 'all')) {
    const vars = renderInventoryHost(inv, host, options);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  out._meta = { hostvars };
  return out;
}

/** `ansible-inventory --list --yaml`: the YAML inventory format, each host's vars shown once. */
export function renderInventoryYaml(inv: Inventory, options: RenderOptions = {}): Record<string, unknown> {
  const seen = new Set<string>();
  const formatGroup = (name: string): Record<string, unknown> => {
    const group = inv.groups.get(name)!;
    const entry: Record<string, unknown> = {};
    const children: Record<string, unknown> = {};
    for (const child of group.children) if (child !== 'all') Object.assign(children, formatGroup(child));
    const hosts: Record<string, unknown> = {};
    if (name !== 'all') {
      for (const host of group.hosts) {
        hosts[host] = seen.has(host) ? {} : renderInventoryHost(inv, host, options);
        seen.add(host);
      }
    }
    if (Object.keys(children).length > 0) entry.children = children;
    if (Object.keys(hosts).length > 0) entry.hosts = hosts;
    if (options.export) {
      const vars = renderGroupVars(inv, name, options);
      if (Object.keys(vars).length > 0) entry.vars = vars;
    }
    return { [name]: entry };
  };
  return formatGroup('all');
}

/** `ansible-inventory --host NAME` (NAME already resolved to one host). */
export function renderInventoryHost(
  inv: Inventory,
  host: string,
  options: RenderOptions = {},
): Record<string, unknown> {
  const implicit = !inv.hosts.has(host) && LOCALHOST_NAMES.includes(host);
  let vars: Record<string, unknown>;
  if (options.export) {
    // host.get_vars() plus host_vars files: no group vars, no extra vars.
    vars = implicit ? { ansible_connection: 'local' } : { ...inv.hosts.get(host)?.vars };
    if (implicit) vars.ansible_python_interpreter = PLAYBOOK_PYTHON;
    for (const layer of [...(inv.varsLayers ?? []), ...(options.playbookLayers ?? [])]) {
      Object.assign(vars, layer.hosts.get(host));
    }
  } else {
    vars = getHostVars(inv, host, { playbookLayers: options.playbookLayers });
    if (implicit) {
      const fromFiles = [...(inv.varsLayers ?? []), ...(options.playbookLayers ?? [])].some((l) =>
        Object.hasOwn(l.hosts.get(host) ?? {}, 'ansible_python_interpreter'),
      );
      if (!fromFiles) vars.ansible_python_interpreter = PLAYBOOK_PYTHON;
    }
    Object.assign(vars, options.extraVars);
  }
  for (const key of INTERNAL_VARS) delete vars[key];
  return vars;
}

/** A group's own vars as `--export` and `--graph --vars` show them (_get_group_variables). */
export function renderGroupVars(
  inv: Inventory,
  name: string,
  options: RenderOptions = {},
): Record<string, unknown> {
  const group = inv.groups.get(name)!;
  const vars: Record<string, unknown> = { ...group.vars };
  for (const layer of [...(inv.varsLayers ?? []), ...(options.playbookLayers ?? [])]) {
    Object.assign(vars, layer.groups.get(name));
  }
  if ((group.priority ?? 1) !== 1) vars.ansible_group_priority = group.priority;
  for (const key of INTERNAL_VARS) delete vars[key];
  return vars;
}

export interface GraphOptions extends RenderOptions {
  /** `--vars`: each host's and group's vars under it, as `{name = value}`. */
  vars?: boolean;
}

/** `ansible-inventory --graph [GROUP]`, without a trailing newline. */
export function renderInventoryGraph(inv: Inventory, group = 'all', options: GraphOptions = {}): string {
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
  const showVars = (vars: Record<string, unknown>, depth: number): void => {
    for (const key of Object.keys(vars).sort()) {
      const value = vars[key];
      // Printing a `!vault` value decrypts it (and fails without a secret, as in Ansible).
      const sealed = sealedVaultText(value);
      const shown = sealed !== undefined ? decryptVault(sealed) : pyStr(value);
      lines.push(graphName(`{${key} = ${shown}}`, depth));
    }
  };
  const walk = (name: string, depth: number): void => {
    lines.push(graphName(`@${name}:`, depth));
    const g = inv.groups.get(name)!;
    for (const child of g.children) walk(child, depth + 1);
    if (name !== 'all') {
      for (const host of g.hosts) {
        lines.push(graphName(host, depth + 1));
        if (options.vars) showVars(renderInventoryHost(inv, host, options), depth + 2);
      }
    }
    if (options.vars) showVars(renderGroupVars(inv, name, options), depth + 1);
  };
  walk(group, 0);
  return lines.join('\n');
}

function graphName(name: string, depth: number): string {
  return depth ? `${'  |'.repeat(depth)}--${name}` : name;
}

/** `ansible-inventory --list -y`: yaml.dump(default_flow_style=False), keys sorted. */
export function toAnsibleYaml(value: unknown): string {
  return dumpPyYaml(value);
}

/** JSON as ansible-inventory writes it: json.dumps(sort_keys=True, indent=4, ensure_ascii=False). */
export function toAnsibleJson(value: unknown): string {
  return pyJson(value, 0);
}

function pyJson(value: unknown, level: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof Number) return jsonNumber(value);
  // A `!vault` value no secret opened: AnsibleJSONEncoder writes {"__ansible_vault": text}.
  const sealed = sealedVaultText(value);
  if (sealed !== undefined) {
    const pad = '    '.repeat(level + 1);
    return `{\n${pad}"__ansible_vault": ${JSON.stringify(sealed)}\n${'    '.repeat(level)}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  const pad = '    '.repeat(level + 1);
  const close = `\n${'    '.repeat(level)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${pad}${value.map((v) => pyJson(v, level + 1)).join(`,\n${pad}`)}${close}]`;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    if (keys.length === 0) return '{}';
    const parts = keys.map((k) => `${JSON.stringify(k)}: ${pyJson(obj[k], level + 1)}`);
    return `{\n${pad}${parts.join(`,\n${pad}`)}${close}}`;
  }
  return JSON.stringify(String(value));
}

/** Python's json: ints as digits, floats as repr (`1.0`, `1e+20`), NaN/Infinity bare. */
function jsonNumber(value: number | WholeFloat): string {
  const n = Number(value);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return isPyFloat(value) ? floatRepr(n) : numberStr(n);
}
