/**
 * Loads inventory sources as Ansible's InventoryManager.parse_sources does: files,
 * directories (every file not ignored, recursively, sorted), and `h1,h2,` host lists;
 * then group_vars/host_vars beside each source.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { InventoryBuilder } from './builder.js';
import { parseAddress } from './host-range.js';
import { parseIni } from './ini.js';
import type { Inventory, VarsDirLayer } from './model.js';
import { loadVarsDirLayer } from './vars-files.js';
import { isYamlInventoryCandidate, parseYamlInventory } from './yaml-inventory.js';
import { parseYamlSource } from './yaml-source.js';

export interface LoadInventoryOptions {
  /** Directory relative sources are resolved against (default: process.cwd()). */
  cwd?: string;
}

/** Names skipped inside an inventory directory (INVENTORY_IGNORE_EXTS and friends). */
const IGNORED =
  /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const YAML_EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export function loadInventory(sources: string[], options: LoadInventoryOptions = {}): Inventory {
  const cwd = options.cwd ?? process.cwd();
  const builder = new InventoryBuilder();
  const warnings: string[] = [];
  const resolved: string[] = [];
  for (const source of sources) {
    if (!source) continue;
    const path = resolveSource(source, cwd);
    if (source.includes(',') && !existsSync(path)) {
      parseHostList(source, builder);
      resolved.push(source);
      continue;
    }
    if (!existsSync(path)) {
      throw new FlotillaError('FLT_INVENTORY_NOT_FOUND', `inventory source ${path} does not exist`, {
        hint: 'pass a file, a directory, or a comma-separated host list such as "host1,host2,"',
      });
    }
    parseSource(path, builder, warnings);
    resolved.push(path);
  }
  const inv = builder.build(resolved);
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

function parseSource(path: string, builder: InventoryBuilder, warnings: string[]): void {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (!IGNORED.test(entry)) parseSource(join(path, entry), builder, warnings);
    }
    return;
  }
  builder.currentSource = path;
  parseFile(path, builder, warnings);
  builder.currentSource = undefined;
}

function parseFile(path: string, builder: InventoryBuilder, warnings: string[]): void {
  const text = readFileSync(path, 'utf8');
  const ext = extname(path);
  if (ext === '.toml') {
    throw new FlotillaError('FLT_INVENTORY_UNSUPPORTED', `${path}: TOML inventories are not supported`, {
      hint: 'convert it to INI or YAML (ansible-inventory -i FILE --list -y prints YAML)',
    });
  }
  if (YAML_EXTENSIONS.includes(ext)) {
    // As Ansible, try the yaml plugin first; a file that is not a YAML mapping is INI.
    try {
      const src = parseYamlSource(text, path);
      if (isYamlInventoryCandidate(src)) {
        parseYamlInventory(src, builder, warnings);
        return;
      }
    } catch (err) {
      // Without an extension the file is most likely INI; with one, the YAML error is the useful one.
      if (ext !== '' || !(err instanceof FlotillaError) || err.code !== 'FLT_INVENTORY_YAML') throw err;
    }
  }
  parseIni(text, path, builder);
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
      layer = loadVarsDirLayer(dir, inv.groups.keys(), inv.hosts.keys(), warnings);
      byDir.set(dir, layer);
    }
    layers.push(layer);
  }
  return layers;
}
