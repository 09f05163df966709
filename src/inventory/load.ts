/**
 * Loads inventory sources as Ansible's InventoryManager.parse_sources does: files,
 * directories (every file not ignored, recursively, sorted), and `h1,h2,` host lists;
 * then group_vars/host_vars beside each source.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { isMapping } from '../python/values.js';
import { readControllerText } from '../vault/secrets.js';
import { parseYamlOrThrow, toPlain } from '../yaml/source.js';
import { InventoryBuilder } from './builder.js';
import { INVALID_GROUP_CHARS_WARNING, isInvalidGroupName } from './dynamic.js';
import { parseAddress } from './host-range.js';
import { parseIni } from './ini.js';
import type { Inventory, VarsDirLayer } from './model.js';
import { varsFileHosts } from './patterns.js';
import { hasShebang, isInventoryScript, parseInventoryScript } from './script.js';
import { loadVarsDirLayer } from './vars-files.js';
import { isYamlInventoryCandidate, parseYamlInventory } from './yaml-inventory.js';

export interface LoadInventoryOptions {
  /** Directory relative sources are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Inventory plugins that need more than this layer has (constructed templates). */
  plugins?: InventoryPlugins;
  /**
   * Throw the parser's error (with file, line and hint) for a source that cannot be read,
   * as Ansible does with inventory_any_unparsed_is_failed. By default, as Ansible's
   * defaults, such a source is only warned about.
   */
  strict?: boolean;
}

/** What an inventory plugin sees of the inventory being built (Ansible's InventoryData). */
export interface PluginInventory {
  hostNames(): string[];
  /** The host's group and host variables as they stand (the source's vars files not included). */
  inventoryVars(host: string): Record<string, unknown>;
  setVariable(entity: string, key: string, value: unknown): void;
  addGroup(name: string): string;
  /** Adds a host or a group to a group. */
  addChild(group: string, child: string): void;
}

/** A plugin config file (`plugin: NAME`) the auto plugin hands over; throws the plugin's error. */
export type InventoryPlugin = (
  path: string,
  config: Record<string, unknown>,
  inventory: PluginInventory,
) => void;

export interface InventoryPlugins {
  /** ansible.builtin.constructed. */
  constructed?: InventoryPlugin;
}

const CONSTRUCTED = new Set(['constructed', 'ansible.builtin.constructed']);

/** Names skipped inside an inventory directory (INVENTORY_IGNORE_EXTS and friends). */
const IGNORED =
  /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const YAML_EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export function loadInventory(sources: string[], options: LoadInventoryOptions = {}): Inventory {
  const cwd = options.cwd ?? process.cwd();
  let builder = new InventoryBuilder();
  const warnings: string[] = [];
  const resolved: string[] = [];
  let parsedAny = false;
  for (const source of sources) {
    if (!source) continue;
    const path = resolveSource(source, cwd);
    if (source.includes(',') && !existsSync(path)) {
      parseHostList(source, builder);
      resolved.push(source);
      parsedAny = true;
      continue;
    }
    resolved.push(path);
    if (!existsSync(path) && options.strict) {
      throw new FlotillaError('FLT_INVENTORY_NOT_FOUND', `inventory source ${path} does not exist`, {
        hint: 'pass a file, a directory, or a comma-separated host list such as "host1,host2,"',
      });
    }
    // As Ansible (inventory_unparsed_failed=False): a source no plugin can read is a warning.
    if (!existsSync(path)) warnings.push(`Unable to parse ${path} as an inventory source`);
    else if (parseSource(path, builder, warnings, options)) parsedAny = true;
  }
  if (!parsedAny && resolved.length > 0) {
    warnings.push('No inventory was parsed, only implicit localhost is available');
    // Ansible skips reconcile_inventory then, so nothing half-parsed hangs under `all`.
    builder = new InventoryBuilder();
  }
  const inv = builder.build(resolved.filter((s) => s.includes(',') || existsSync(s)));
  // Group.__init__'s to_safe_group_name (TRANSFORM_INVALID_GROUP_CHARS=never): warned once
  if ([...inv.groups.keys()].some(isInvalidGroupName)) warnings.push(INVALID_GROUP_CHARS_WARNING);
  // reconcile_inventory: a name that is both a group and a host
  for (const name of [...inv.groups.keys()].filter((g) => inv.hosts.has(g)).sort())
    warnings.push(`Found both group and host with same name: ${name}`);
  inv.varsLayers = loadSourceLayers(inv, warnings);
  if (warnings.length > 0) inv.warnings = warnings;
  return inv;
}

function resolveSource(source: string, cwd: string): string {
  const expanded = source === '~' || source.startsWith('~/') ? homedir() + source.slice(1) : source;
  return resolve(cwd, expanded);
}

/** The host_list plugin: no ranges, `host:port` allowed, hosts land in `ungrouped`. */
function parseHostList(list: string, builder: InventoryBuilder): void {
  builder.currentSource = undefined;
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const parsed = parseAddress(entry, false);
    const host = parsed ? parsed.host : entry;
    if (!builder.hasHost(host)) builder.addHost(host, 'ungrouped', parsed?.port);
  }
}

/** parse_source: true when the file (or some file of the directory) was read. */
function parseSource(
  path: string,
  builder: InventoryBuilder,
  warnings: string[],
  options: LoadInventoryOptions,
): boolean {
  if (statSync(path).isDirectory()) {
    let parsed = false;
    for (const entry of readdirSync(path).sort()) {
      if (!IGNORED.test(entry) && parseSource(join(path, entry), builder, warnings, options)) parsed = true;
    }
    return parsed;
  }
  builder.currentSource = path;
  try {
    const failures = parseFile(path, builder, warnings, options.plugins ?? {});
    if (failures.length === 0) return true;
    if (options.strict) {
      // The most telling error: a script's, the YAML one for a YAML file name, else the INI one.
      const ext = extname(path);
      const script = failures.find((f) => f.plugin === 'script' && hasShebang(path));
      throw (
        script ?? (ext && YAML_EXTENSIONS.includes(ext) ? failures.find((f) => f.error) : failures.at(-1))
      )?.error;
    }
    for (const f of failures)
      warnings.push(`\n* Failed to parse ${path} with ${f.plugin} plugin: ${f.message}`);
    warnings.push(`Unable to parse ${path} as an inventory source`);
    return false;
  } finally {
    builder.currentSource = undefined;
  }
}

interface PluginFailure {
  plugin: string;
  message: string;
  error?: FlotillaError;
}

/**
 * Tries the script plugin (an executable or `#!` file), the yaml plugin (for YAML-ish names),
 * then the ini plugin; returns each plugin's failure.
 */
function parseFile(
  path: string,
  builder: InventoryBuilder,
  warnings: string[],
  plugins: InventoryPlugins,
): PluginFailure[] {
  const failures: PluginFailure[] = [];
  if (isInventoryScript(path)) {
    try {
      parseInventoryScript(path, builder);
      return [];
    } catch (err) {
      if (!(err instanceof FlotillaError)) throw err;
      failures.push({ plugin: 'script', message: err.message, error: err });
    }
  }
  const text = readControllerText(path);
  const ext = extname(path);
  if (ext === '.toml') {
    throw new FlotillaError('FLT_INVENTORY_UNSUPPORTED', `${path}: TOML inventories are not supported`, {
      hint: 'convert it to INI or YAML (ansible-inventory -i FILE --list -y prints YAML)',
    });
  }
  if (YAML_EXTENSIONS.includes(ext)) {
    if (ext === '.yml' || ext === '.yaml') {
      const auto = autoPlugin(path, text, builder, plugins);
      if (auto === undefined) return [];
      failures.push(auto);
    }
    try {
      const src = parseYamlOrThrow(path, text, 'FLT_INVENTORY_YAML');
      if (!isYamlInventoryCandidate(src)) {
        const value = toPlain(src);
        throw new FlotillaError(
          'FLT_INVENTORY_YAML',
          value === null || value === undefined
            ? 'Parsed empty YAML file'
            : `YAML inventory has invalid structure, it should be a dictionary, got: ${pyType(value)}`,
          { location: src.source.locateNode(src.doc.contents) ?? { file: path, line: 1, col: 1 } },
        );
      }
      parseYamlInventory(src, builder, warnings);
      return [];
    } catch (err) {
      if (!(err instanceof FlotillaError)) throw err;
      failures.push({ plugin: 'yaml', message: err.message, error: err });
    }
  }
  try {
    parseIni(text, path, builder);
    return [];
  } catch (err) {
    if (!(err instanceof FlotillaError)) throw err;
    // the INI plugin names the line (_raise_error), except in its host pattern checks
    const loc = err.code === 'FLT_INVENTORY_HOST_PATTERN' ? undefined : err.location;
    const message = loc ? `${loc.file}:${loc.line}: ${err.message}` : err.message;
    failures.push({ plugin: 'ini', message, error: err });
  }
  return failures;
}

/**
 * The auto plugin: a YAML file whose `plugin` key names the plugin that reads it. Undefined
 * when that plugin read it, else the auto plugin's failure.
 */
function autoPlugin(
  path: string,
  text: string,
  builder: InventoryBuilder,
  plugins: InventoryPlugins,
): PluginFailure | undefined {
  let config: unknown;
  try {
    config = toPlain(parseYamlOrThrow(path, text, 'FLT_INVENTORY_YAML'));
  } catch (err) {
    if (!(err instanceof FlotillaError)) throw err;
    return { plugin: 'auto', message: err.message, error: err };
  }
  const name = isMapping(config) ? config.plugin : undefined;
  if (!name || !isMapping(config))
    return {
      plugin: 'auto',
      message: `no root 'plugin' key found, '${path}' is not a valid YAML inventory plugin config file`,
    };
  const run = CONSTRUCTED.has(String(name)) ? plugins.constructed : undefined;
  if (!run) {
    const error = new FlotillaError(
      'FLT_INVENTORY_UNSUPPORTED',
      `inventory config '${path}' specifies the plugin '${String(name)}', which flotilla does not run`,
      { hint: 'flotilla reads INI, YAML and script inventories, and constructed configs' },
    );
    return { plugin: 'auto', message: error.message, error };
  }
  try {
    run(path, config, builder);
    return undefined;
  } catch (err) {
    if (!(err instanceof FlotillaError)) throw err;
    return { plugin: 'auto', message: err.message, error: err };
  }
}

function pyType(value: unknown): string {
  if (typeof value === 'string') return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";
  if (Array.isArray(value)) return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  return `<class '${typeof value}'>`;
}

/** group_vars/host_vars beside each source, one layer per source (directories are loaded once). */
function loadSourceLayers(inv: Inventory, warnings: string[]): VarsDirLayer[] {
  const byDir = new Map<string, VarsDirLayer>();
  const layers: VarsDirLayer[] = [];
  for (const source of inv.sources) {
    if (source.includes(',') && !existsSync(source)) continue;
    const dir = statSync(source).isDirectory() ? source : dirname(source);
    let layer = byDir.get(dir);
    if (!layer) {
      layer = loadVarsDirLayer(dir, inv.groups.keys(), varsFileHosts(inv), warnings);
      byDir.set(dir, layer);
    }
    layers.push(layer);
  }
  return layers;
}
