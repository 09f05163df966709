/**
 * The YAML inventory format (`all: {hosts:, vars:, children:}`), walked node by node
 * as Ansible's yaml plugin does, so membership and ordering match and errors carry
 * positions. Warnings (skipped keys) are collected, not printed.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { FlotillaError } from '../errors/index.js';
import { type ParsedYaml, toPlain } from '../yaml/source.js';
import type { InventoryBuilder } from './builder.js';
import { expandHostPattern, HostRangeError } from './host-range.js';

const SECTIONS = ['vars', 'children', 'hosts'];

export function isYamlInventoryCandidate(src: ParsedYaml): boolean {
  const value = toPlain(src);
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function parseYamlInventory(src: ParsedYaml, inv: InventoryBuilder, warnings: string[]): void {
  const root = src.doc.contents;
  const fail: (code: string, message: string, node: unknown, hint?: string) => never = (
    code,
    message,
    node,
    hint,
  ) => {
    const location = src.source.locateNode(node) ?? { file: src.source.file, line: 1, col: 1 };
    throw new FlotillaError(code, message, {
      location,
      sourceLine: src.source.lineText(location.line),
      hint,
    });
  };
  if (root === null || isNullScalar(root)) fail('FLT_INVENTORY_YAML', 'Parsed empty YAML file', root);
  if (!isMap(root)) {
    fail(
      'FLT_INVENTORY_YAML',
      `YAML inventory has invalid structure, it should be a dictionary, got: ${kindOf(root)}`,
      root,
    );
  }
  if ((root as YAMLMap).get('plugin')) {
    fail('FLT_INVENTORY_UNSUPPORTED', 'Plugin configuration YAML file, not YAML inventory', root);
  }

  const groupName = (key: unknown): string => {
    const name = toPlain(src, key);
    if (typeof name !== 'string' || name === '') {
      fail(
        'FLT_INVENTORY_GROUP',
        `Invalid group name supplied, expected a string but got ${kindOf(key)}`,
        key,
      );
    }
    return name as string;
  };

  const parseGroup = (keyNode: unknown, data: unknown): string => {
    const group = groupName(keyNode);
    if (!isNullish(data) && !isMap(data)) {
      warnings.push(`Skipping '${group}' as this is not a valid group definition`);
      return group;
    }
    inv.addGroup(group);
    if (isNullish(data)) return group;
    const pairs = (data as YAMLMap).items as Pair[];
    for (const pair of pairs) {
      const key = String(toPlain(src, pair.key));
      const value = pair.value;
      if (SECTIONS.includes(key) && !isNullish(value) && !isMap(value) && !isStringScalar(value)) {
        fail(
          'FLT_INVENTORY_YAML_STRUCTURE',
          `Invalid "${key}" entry for "${group}" group, requires a dictionary, found "${kindOf(value)}" instead.`,
          value ?? pair.key,
        );
      }
    }
    for (const pair of pairs) {
      const key = String(toPlain(src, pair.key));
      const value = pair.value;
      if (isNullish(value)) continue;
      if (SECTIONS.includes(key) && isStringScalar(value)) {
        // A bare string is shorthand for a one-key mapping with no value.
        handleSection(group, key, [{ key: value, value: null } as unknown as Pair]);
      } else if (!isMap(value)) {
        warnings.push(
          `Skipping key (${key}) in group (${group}) as it is not a mapping, it is a ${kindOf(value)}`,
        );
      } else if (SECTIONS.includes(key)) {
        handleSection(group, key, (value as YAMLMap).items as Pair[]);
      } else {
        warnings.push(
          `Skipping unexpected key (${key}) in group (${group}), only "vars", "children" and "hosts" are valid`,
        );
      }
    }
    return group;
  };

  const handleSection = (group: string, section: string, pairs: Pair[]): void => {
    for (const pair of pairs) {
      if (section === 'vars') {
        inv.setVariable(group, String(toPlain(src, pair.key)), toPlain(src, pair.value ?? null));
      } else if (section === 'children') {
        const child = parseGroup(pair.key, pair.value);
        try {
          inv.addChild(group, child);
        } catch (err) {
          if (err instanceof FlotillaError) fail(err.code, err.message, pair.key);
          throw err;
        }
      } else {
        addHosts(group, pair);
      }
    }
  };

  const addHosts = (group: string, pair: Pair): void => {
    const pattern = toPlain(src, pair.key);
    if (typeof pattern !== 'string') {
      fail(
        'FLT_INVENTORY_HOST_PATTERN',
        `Host pattern ${String(pattern)} must be a string. Enclose integers/floats in quotation marks.`,
        pair.key,
      );
    }
    let expanded: { hosts: string[]; port: number | undefined };
    try {
      expanded = expandHostPattern(pattern as string);
    } catch (err) {
      if (!(err instanceof HostRangeError)) throw err;
      fail('FLT_INVENTORY_RANGE', `bad host range in '${pattern}': ${err.message}`, pair.key, err.hint);
    }
    const vars = toPlain(src, pair.value ?? null) ?? {};
    if (typeof vars !== 'object' || Array.isArray(vars)) {
      fail(
        'FLT_INVENTORY_YAML_STRUCTURE',
        `Invalid data for host ${pattern as string}: expected a dictionary of variables, got ${kindOf(pair.value)}`,
        pair.value,
      );
    }
    for (const host of expanded.hosts) {
      inv.addHost(host, group, expanded.port);
      for (const [k, v] of Object.entries(vars as Record<string, unknown>)) inv.setVariable(host, k, v);
    }
  };

  for (const pair of (root as YAMLMap).items as Pair[]) parseGroup(pair.key, pair.value);
}

function isNullScalar(node: unknown): boolean {
  return isScalar(node) && (node as { value: unknown }).value === null;
}

function isNullish(node: unknown): boolean {
  return node === null || node === undefined || isNullScalar(node);
}

function isStringScalar(node: unknown): boolean {
  return isScalar(node) && typeof (node as { value: unknown }).value === 'string';
}

/** A Python-like type word for messages. */
function kindOf(node: unknown): string {
  if (isMap(node)) return 'dict';
  if (isScalar(node)) {
    const v = (node as { value: unknown }).value;
    if (typeof v === 'string') return 'str';
    if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
    if (typeof v === 'boolean') return 'bool';
    return 'NoneType';
  }
  if (node && typeof node === 'object' && 'items' in (node as Node as object)) return 'list';
  return typeof node;
}
