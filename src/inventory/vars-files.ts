/**
 * group_vars/ and host_vars/ directories, found as Ansible's host_group_vars plugin
 * and DataLoader.find_vars_files find them: for an entity `web`, the first of
 * `web` (file or directory, read recursively and sorted), `web.yml`, `web.yaml`,
 * `web.json`; hidden and `~` files are skipped; empty files are ignored.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { appendAll } from '../collections/append-all.js';
import { FlotillaError } from '../errors/index.js';
import { pyJsonLoads } from '../python/json-loads.js';
import { mergeMarked } from '../python/unsafe.js';
import { readControllerText } from '../vault/secrets.js';
import { parseYamlOrThrow, toPlain } from '../yaml/source.js';
import type { VarsDirLayer } from './model.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export function loadVarsDirLayer(
  dir: string,
  groupNames: Iterable<string>,
  hostNames: Iterable<string>,
  warnings: string[],
): VarsDirLayer {
  return {
    dir,
    groups: loadEntities(join(dir, 'group_vars'), groupNames, warnings),
    hosts: loadEntities(join(dir, 'host_vars'), hostNames, warnings),
  };
}

function loadEntities(
  subdir: string,
  names: Iterable<string>,
  warnings: string[],
): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!existsSync(subdir)) return out;
  const real = realpathSync(subdir);
  if (!statSync(real).isDirectory()) {
    warnings.push(`Found ${subdir} that is not a directory, skipping: ${real}`);
    return out;
  }
  // One listing instead of a stat per entity and extension: inventories have 10k+ hosts.
  const present = new Set(readdirSync(real));
  for (const name of names) {
    if (name.startsWith('/')) continue;
    const files = findVarsFiles(real, name, present);
    let data: Record<string, unknown> | undefined;
    for (const file of files) {
      const loaded = loadVarsFile(file);
      if (loaded !== undefined) data = mergeMarked(data, loaded);
    }
    if (data !== undefined) out.set(name, data);
  }
  return out;
}

function findVarsFiles(dir: string, name: string, present: Set<string>): string[] {
  for (const ext of EXTENSIONS) {
    const candidate = name + ext;
    const exists = name.includes('/') ? existsSync(join(dir, candidate)) : present.has(candidate);
    if (!exists) continue;
    const full = join(dir, candidate);
    return statSync(full).isDirectory() ? dirVarsFiles(full) : [full];
  }
  return [];
}

function dirVarsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue;
    const ext = extname(entry);
    const full = join(dir, entry);
    const stat = statSync(full);
    if (stat.isDirectory() && !ext) appendAll(found, dirVarsFiles(full));
    else if (stat.isFile() && (!ext || EXTENSIONS.includes(ext))) found.push(full);
  }
  return found;
}

/** A vars file's mapping, or undefined for an empty file. */
export function loadVarsFile(file: string): Record<string, unknown> | undefined {
  const text = readControllerText(file);
  let data: unknown;
  try {
    data = pyJsonLoads(text);
  } catch {
    data = toPlain(parseYamlOrThrow(file, text, 'FLT_INVENTORY_YAML'));
  }
  // Ansible ignores any falsy document (`if new_data:`).
  if (!data || isEmpty(data)) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FlotillaError(
      'FLT_INVENTORY_VARS_FILE',
      `${file}: variables file must hold a dictionary, got ${Array.isArray(data) ? 'a list' : typeof data}`,
      { location: { file, line: 1, col: 1 }, hint: 'write the variables as "name: value" lines' },
    );
  }
  return data as Record<string, unknown>;
}

function isEmpty(data: unknown): boolean {
  return typeof data === 'object' && data !== null && Object.keys(data).length === 0;
}
