import { parseAddress } from '../../inventory/host-range.js';
import type { TaskResult } from '../../output/events.js';
import { actionFail } from '../action-fail.js';
import type { ControllerAction } from './types.js';

/** The arguments that are not the new host's variables (`host` and `group` are, in Ansible). */
const SPECIAL = new Set(['name', 'hostname', 'groupname', 'groups']);

/**
 * Ansible's add_host action: `name` (or `hostname`, `host`), with an optional `:port`, joins
 * the in-memory inventory in `groups` (or `groupname`, `group`: a list or a comma-separated
 * string), with every other argument as its variables.
 */
export const addHost: ControllerAction = (ctx, _vars, render) => {
  const rendered = render(ctx.spec.args) as Record<string, unknown>;
  const { _raw_params: raw, ...args } = rendered;
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw)))
    return fail(`Invalid raw parameters passed, requires a dictonary/mapping got a  ${pyType(raw)}`);
  if (raw) Object.assign(args, { ...(raw as object), ...args });
  const newName = args.name ?? args.hostname ?? args.host;
  if (newName === undefined || newName === null) return fail('name, host or hostname needs to be provided');
  const parsed = parseAddress(String(newName), false);
  const name = parsed ? parsed.host : String(newName);
  if (parsed?.port) args.ansible_ssh_port = parsed.port;
  const groupsArg = args.groupname ?? args.groups ?? args.group ?? '';
  const groups: string[] = [];
  if (groupsArg) {
    let list: unknown[];
    if (Array.isArray(groupsArg)) list = groupsArg;
    else if (typeof groupsArg === 'string') list = groupsArg.split(',');
    else return fail('Groups must be specified as a list.');
    for (const g of list) if (!groups.includes(String(g))) groups.push(String(g).trim());
  }
  const hostVars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) if (!SPECIAL.has(k)) hostVars[k] = v;
  const result: TaskResult = {
    changed: false,
    add_host: { host_name: name, groups, host_vars: hostVars },
  };
  result.changed = ctx.changeInventory?.({ kind: 'add_host', name, groups, vars: hostVars }) === true;
  return result;
};

function fail(msg: string): TaskResult {
  return { failed: true, changed: false, ...actionFail(msg) };
}

function pyType(v: unknown): string {
  if (typeof v === 'string') return "<class 'str'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  return "<class 'NoneType'>";
}
