/**
 * Builds the variables a task sees on one host, in Ansible's precedence order (lowest
 * first): inventory and playbook group/host vars, facts, play vars, vars_files, block and
 * task vars, set_fact/registered, extra vars; then the magic variables.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { implicitConnection } from '../connection/params.js';
import { LOCALHOST_NAMES } from '../inventory/patterns.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { roleCollection } from '../playbook/role-paths.js';
import type { RoleChainEntry } from '../playbook/role-tree.js';
import type { PlayData, UnitRequest, WorkerInit } from '../protocol/messages.js';
import { markUnsafe, mergeMarked } from '../python/unsafe.js';
import { HOSTVARS_CLASS, PY_CLASS } from '../python/values.js';
import { rendersOnRead } from '../template/index.js';
import type { HostState } from './host-state.js';
import { hostVarsVars } from './host-vars-vars.js';
import { isRestrictedFact } from './restricted-facts.js';
import { hasHostVarsFiles, hostVarsFiles } from './vars-files.js';

/** What the main thread relayed about a host another worker owns. */
export interface RemoteHostVars {
  /** set_fact and registered results. */
  vars: Record<string, unknown>;
  /** include_vars results. */
  included: Record<string, unknown>;
  facts: Record<string, unknown>;
  /** Facts returned without the `ansible_` prefix (host-state.ts unprefixedFacts). */
  unprefixed?: Set<string>;
}

export interface VarsSources {
  init: WorkerInit;
  play: PlayData;
  hosts: Map<string, HostState>;
  /** Variables and facts of hosts on other workers (see strategy/hostvars-log.ts). */
  remote?: Map<string, RemoteHostVars>;
  omitToken: string;
  /** Templates a value with variables (vars_files names per host, hostvars values). */
  render?: (value: unknown, vars: Record<string, unknown>, taint?: { unsafe: boolean }) => unknown;
}

export function buildTaskVars(
  src: VarsSources,
  host: HostState,
  spec: TaskSpec | undefined,
  unit?: UnitRequest,
): Record<string, unknown> {
  const { init, play } = src;
  // Layered with their unsafe marks: a fact or registered value stays unsafe (python/unsafe.ts).
  const vars: Record<string, unknown> = mergeMarked(
    spec?.keywords.role_defaults as Record<string, unknown> | undefined,
    host.vars,
    injectedFacts(host.facts, host.unprefixedFacts),
    play.vars,
    varsFilesLayer(src, host),
    spec?.keywords.vars,
    host.includedVars,
    host.hostVars,
    // role parameters and include params rank above set_fact/registered vars
    spec?.keywords.include_params as Record<string, unknown> | undefined,
    init.extraVars,
  );
  Object.assign(vars, hostMagic(host.name, host.groupNames, play.groups));
  vars.ansible_facts = host.facts;
  vars.play_hosts = unit?.batch ?? play.hosts;
  vars.ansible_play_batch = unit?.batch ?? play.hosts;
  vars.ansible_play_hosts = play.hosts;
  vars.ansible_play_hosts_all = play.hosts;
  vars.ansible_play_name = play.name;
  Object.assign(vars, runMagic(src), playMagic(play), taskMagic(spec, play));
  // The connection in use: ansible_connection from any source, else the `connection` keyword,
  // else the implicit one (local for localhost names); the PlayContext reads it from here.
  vars.ansible_connection ??= spec?.keywords.connection ?? implicitConnection(host.name, vars);
  vars.hostvars = hostvarsView(src);
  if (unit?.failedTask) {
    vars.ansible_failed_task = unit.failedTask;
    vars.ansible_failed_result = markUnsafe(unit.failedResult);
  }
  return vars;
}

/** Host.get_magic_vars (an IP address is its own short name) and `groups`. */
function hostMagic(
  name: string,
  groupNames: string[],
  groups: Record<string, string[]>,
): Record<string, unknown> {
  return {
    inventory_hostname: name,
    inventory_hostname_short: isIP(name) ? name : name.split('.')[0],
    group_names: groupNames,
    groups,
  };
}

/** Host.get_magic_vars' group_names of a host another worker owns, from `groups`. */
function groupNamesOf(name: string, groups: Record<string, string[]>): string[] {
  return Object.keys(groups)
    .filter((g) => g !== 'all' && groups[g].includes(name))
    .sort();
}

/** The magic variables of the run (_get_magic_variables without a play, and the option variables). */
function runMagic(src: VarsSources): Record<string, unknown> {
  const { init } = src;
  return {
    ansible_check_mode: init.check,
    ansible_diff_mode: init.diff,
    ansible_verbosity: init.verbosity,
    ...init.runMagic,
    playbook_dir: src.play.playbookDir,
    omit: src.omitToken,
  };
}

/** The role names of the play: its roles, their dependencies, both (Ansible's is a set). */
function playMagic(play: PlayData): Record<string, unknown> {
  const names = play.roleNames ?? { play: [], dependencies: [] };
  return {
    ansible_role_names: [...new Set([...names.dependencies, ...names.play])],
    ansible_play_role_names: names.play,
    ansible_dependent_role_names: names.dependencies,
    role_names: names.play,
  };
}

/** A role's task: its name, path, instance id and Task.get_search_path (every task has one). */
function taskMagic(spec: TaskSpec | undefined, play: PlayData): Record<string, unknown> {
  const chain = (spec?.keywords.role_chain as RoleChainEntry[] | undefined) ?? [];
  const path: string[] = chain.map((r) => r.dir).reverse();
  for (const dir of [spec?.fileDir ?? play.playbookDir, play.playbookDir])
    if (!path.includes(dir)) path.push(dir);
  const out: Record<string, unknown> = { ansible_search_path: path };
  const role = chain[chain.length - 1];
  if (role) {
    // a collection's role is shown (and is ansible_role_name) by its FQCN; role_name is its own
    const collection = roleCollection(role.dir);
    Object.assign(out, {
      role_name:
        collection && role.name.startsWith(`${collection}.`)
          ? role.name.slice(collection.length + 1)
          : role.name,
      role_path: role.dir,
      role_uuid: instanceUuid(play.playId, role.instance),
      ansible_collection_name: collection ?? null,
      ansible_role_name: role.name,
    });
  }
  return out;
}

/** A UUID-shaped id, stable for one role instance of one play (Ansible's role _uuid). */
function instanceUuid(playId: string, instance: string): string {
  const hex = createHash('sha1').update(`${playId}\0${instance}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The play's vars_files variables for this host (templated names and alternatives resolved). */
function varsFilesLayer(src: VarsSources, host: HostState): Record<string, unknown> {
  const { play, init } = src;
  if (!src.render || !hasHostVarsFiles(play.varsFileEntries)) return play.varsFilesVars;
  const scope: Record<string, unknown> = mergeMarked(
    host.vars,
    injectedFacts(host.facts, host.unprefixedFacts),
    play.vars,
    init.extraVars,
    {
      inventory_hostname: host.name,
      inventory_hostname_short: host.name.split('.')[0],
      group_names: host.groupNames,
      groups: play.groups,
      ansible_facts: host.facts,
      playbook_dir: play.playbookDir,
    },
  );
  const render = src.render;
  return hostVarsFiles(
    play.varsFileEntries ?? [],
    play.playbookDir,
    (name) => render(name, scope),
    Object.keys(host.facts).length > 0,
  );
}

/** Facts are visible as `ansible_facts.x` and, as Ansible injects them, as `ansible_x`. */
/** Keys the setup module returns without the `ansible_` prefix: they are variables as they are. */
const UNPREFIXED_FACTS = new Set(['gather_subset', 'module_setup']);

/**
 * Facts as variables (INJECT_FACTS_AS_VARS): under the name the module returned them by
 * (`ansible_<name>`, or `getent_passwd` as it is), without Ansible's internal `_ansible_*`
 * and without the names clean_facts removes (restricted-facts.ts).
 */
function injectedFacts(facts: Record<string, unknown>, unprefixed?: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) {
    if (k.startsWith('_ansible_')) continue;
    const asIs = k.startsWith('ansible_') || UNPREFIXED_FACTS.has(k) || unprefixed?.has(k);
    const name = asIs ? k : `ansible_${k}`;
    if (!isRestrictedFact(name)) out[name] = v;
  }
  // Facts are the host's word: every one of them is unsafe.
  return markUnsafe(out);
}

/**
 * `hostvars[h]`: full variables for hosts this worker owns; for the others, inventory-level
 * variables plus the facts and registered/set_fact variables the main thread relayed. Each
 * host's templated values render when read, with that host's variables (host-vars-vars.ts).
 */
function hostvarsView(src: VarsSources): Record<string, unknown> {
  const cache = new Map<string, Record<string, unknown>>();
  // InventoryData.get_host: any of the localhost names finds the implicit localhost.
  const inventoryVars = (name: string): Record<string, unknown> | undefined =>
    src.init.allHostVars[name] ??
    (LOCALHOST_NAMES.includes(name) ? src.init.implicitLocalhostVars : undefined);
  const lookup = (name: string): Record<string, unknown> | undefined => {
    let v = cache.get(name);
    if (!v) {
      const own = src.hosts.get(name);
      // VariableManager.get_vars(host) without play or task: the host's variables, extra vars
      // and the magic variables that need no play.
      const magic = (facts: Record<string, unknown>, groupNames: string[]) => ({
        ...runMagic(src),
        ...hostMagic(name, groupNames, src.play.groups),
        ansible_facts: facts,
      });
      if (own)
        v = mergeMarked(
          own.vars,
          injectedFacts(own.facts, own.unprefixedFacts),
          own.includedVars,
          own.hostVars,
          src.init.extraVars,
          magic(own.facts, own.groupNames),
        );
      else if (inventoryVars(name)) {
        const remote = src.remote?.get(name);
        const facts = remote?.facts ?? markUnsafe({});
        v = mergeMarked(
          inventoryVars(name),
          injectedFacts(facts, remote?.unprefixed),
          remote?.included,
          remote?.vars,
          src.init.extraVars,
          magic(facts, groupNamesOf(name, src.play.groups)),
        );
      } else return undefined;
      if (src.render) v = hostVarsVars(v, src.render);
      cache.set(name, v);
    }
    return v;
  };
  // Never rendered as a whole by the template that reads it: each host's values render
  // themselves when read (host-vars-vars.ts).
  return rendersOnRead(
    new Proxy(
      {},
      {
        get: (_target, prop) =>
          typeof prop === 'string' ? lookup(prop) : prop === PY_CLASS ? HOSTVARS_CLASS : undefined,
        has(_target, prop) {
          return typeof prop === 'string' && (src.hosts.has(prop) || inventoryVars(prop) !== undefined);
        },
        ownKeys() {
          return Object.keys(src.init.allHostVars);
        },
        getOwnPropertyDescriptor(_target, prop) {
          if (typeof prop === 'string' && inventoryVars(prop) !== undefined) {
            // the implicit localhost is found by name but not listed (Ansible's HostVars.__iter__)
            return { enumerable: prop in src.init.allHostVars, configurable: true, value: lookup(prop) };
          }
          return undefined;
        },
      },
    ),
  );
}
