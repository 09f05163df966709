/**
 * The INI inventory format, parsed line by line as Ansible's ini plugin does:
 * sections `[g]`, `[g:vars]`, `[g:children]`, hosts before any section are ungrouped,
 * `[g:vars]`/`[g:children]` may name groups declared later in the file.
 */
import { closestMatch, FlotillaError } from '../errors/index.js';
import { parsePythonLiteral } from '../python/literal-eval.js';
import { ShlexError, shlexSplit } from '../python/shlex.js';
import type { InventoryBuilder } from './builder.js';
import { expandHostPattern, HostRangeError } from './host-range.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/u;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/u;
const SECTION_TYPES = ['hosts', 'children', 'vars'];
const PLAIN_INT = /^-?(?:[1-9][0-9]{0,14}|0)$/;
const BARE_WORD = /^[A-Za-z_][^'"]*$/;
const PY_CONSTANTS = new Set(['True', 'False', 'None']);

interface Pending {
  line: number;
  state: 'vars' | 'children';
  parents: string[];
}

/** _parse_value: Python-literal typing, else the raw string. */
export function parseIniValue(v: string): unknown {
  // Fast paths (10k-host inventories): plain integers, and bare words, which are never
  // literals unless they are True/False/None (a name can only start a non-literal expression).
  if (PLAIN_INT.test(v)) return Number(v);
  if (BARE_WORD.test(v) && !PY_CONSTANTS.has(v)) return v;
  const r = parsePythonLiteral(v);
  return r.ok ? r.value : v;
}

export function parseIni(text: string, file: string, inv: InventoryBuilder): void {
  const lines = text.split(/\r\n|\n|\r/);
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state = 'hosts';
  const fail = (code: string, lineNo: number, message: string, hint?: string): never => {
    throw new FlotillaError(code, message, {
      location: { file, line: lineNo, col: 1 },
      sourceLine: lines[lineNo - 1],
      hint,
    });
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const section = SECTION.exec(line);
    if (section) {
      group = section[1];
      state = section[2] ?? 'hosts';
      if (!SECTION_TYPES.includes(state)) {
        const guess = closestMatch(state, SECTION_TYPES) ?? SECTION_TYPES.find((t) => t.startsWith(state));
        fail(
          'FLT_INVENTORY_SECTION',
          lineNo,
          `Section [${group}:${state}] has unknown type: ${state}`,
          guess ? `did you mean [${group}:${guess}]?` : `use one of ${SECTION_TYPES.join(', ')}`,
        );
      }
      if (!inv.hasGroup(group)) {
        if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineNo, state, parents: [] });
        inv.addGroup(group);
      }
      const waiting = pending.get(group);
      if (waiting && state !== 'vars') {
        if (waiting.state === 'children') addPendingChildren(group, pending, inv);
        else pending.delete(group);
      }
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      fail(
        'FLT_INVENTORY_SECTION',
        lineNo,
        `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`,
      );
    }
    if (state === 'hosts') {
      parseHostLine(line, lineNo, group, inv, fail);
    } else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) fail('FLT_INVENTORY_SYNTAX', lineNo, `Expected key=value, got: ${line}`);
      inv.setVariable(group, line.slice(0, eq).trim(), parseIniValue(line.slice(eq + 1).trim()));
    } else {
      const m = GROUP_NAME.exec(line);
      if (!m) fail('FLT_INVENTORY_SYNTAX', lineNo, `Expected group name, got: ${line}`);
      const child = m![1];
      if (!inv.hasGroup(child)) {
        const waiting = pending.get(child);
        if (waiting) waiting.parents.push(group);
        else pending.set(child, { line: lineNo, state: 'children', parents: [group] });
      } else {
        addChildAt(inv, group, child, lineNo, fail);
      }
    }
  }
  for (const [name, decl] of pending) {
    if (decl.state === 'vars') {
      fail(
        'FLT_INVENTORY_UNDEFINED_GROUP',
        decl.line,
        `Section [${name}:vars] not valid for undefined group: ${name}`,
        `declare the group with a [${name}] or [${name}:children] section`,
      );
    }
    const parent = decl.parents[decl.parents.length - 1];
    const guess = closestMatch(name, allGroupNames(inv, text));
    fail(
      'FLT_INVENTORY_UNDEFINED_GROUP',
      decl.line,
      `Section [${parent}:children] includes undefined group: ${name}`,
      guess ? `did you mean "${guess}"?` : `declare it with a [${name}] section`,
    );
  }
}

type Fail = (code: string, lineNo: number, message: string, hint?: string) => never;

function parseHostLine(line: string, lineNo: number, group: string, inv: InventoryBuilder, fail: Fail): void {
  let tokens: string[];
  try {
    tokens = shlexSplit(line, { comments: true });
  } catch (err) {
    if (!(err instanceof ShlexError)) throw err;
    fail('FLT_INVENTORY_SYNTAX', lineNo, `Error parsing host definition '${line}': ${err.message}`);
  }
  if (tokens.length === 0) return;
  let expanded: { hosts: string[]; port: number | undefined };
  try {
    expanded = expandHostPattern(tokens[0]);
  } catch (err) {
    if (!(err instanceof HostRangeError)) throw err;
    fail('FLT_INVENTORY_RANGE', lineNo, `bad host range in '${tokens[0]}': ${err.message}`, err.hint);
  }
  if (tokens[0].trim().endsWith(':') && expanded.port === undefined) {
    fail(
      'FLT_INVENTORY_HOST_PATTERN',
      lineNo,
      `Invalid host pattern '${tokens[0]}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
    );
  }
  if (expanded.hosts.some((h) => h.trim() === '---')) {
    fail(
      'FLT_INVENTORY_HOST_PATTERN',
      lineNo,
      `Invalid host pattern '${tokens[0]}' supplied, '---' is normally a sign this is a YAML file.`,
    );
  }
  const vars: [string, unknown][] = [];
  for (const t of tokens.slice(1)) {
    const eq = t.indexOf('=');
    if (eq < 0)
      fail('FLT_INVENTORY_SYNTAX', lineNo, `Expected key=value host variable assignment, got: ${t}`);
    vars.push([t.slice(0, eq), parseIniValue(t.slice(eq + 1))]);
  }
  const merged = new Map(vars);
  for (const host of expanded.hosts) {
    inv.addHost(host, group, expanded.port);
    for (const [k, v] of merged) inv.setVariable(host, k, v);
  }
}

function addPendingChildren(group: string, pending: Map<string, Pending>, inv: InventoryBuilder): void {
  const decl = pending.get(group)!;
  for (const parent of decl.parents) {
    inv.addChild(parent, group);
    if (pending.get(parent)?.state === 'children') addPendingChildren(parent, pending, inv);
  }
  pending.delete(group);
}

function addChildAt(inv: InventoryBuilder, parent: string, child: string, lineNo: number, fail: Fail): void {
  try {
    inv.addChild(parent, child);
  } catch (err) {
    if (err instanceof FlotillaError) fail(err.code, lineNo, err.message);
    throw err;
  }
}

/** Group names declared by section headers, for "did you mean" hints. */
function allGroupNames(_inv: InventoryBuilder, text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = SECTION.exec(raw.trim());
    if (m) names.push(m[1]);
  }
  return names;
}
