/**
 * Builds the variables a task sees on one host, in Ansible's precedence order (lowest
 * first): inventory and playbook group/host vars, facts, play vars, vars_files, block and
 * task vars, set_fact/registered, extra vars; then the magic variables.
 */
import { implicitConnection } from '../connection/params.js';
import type { TaskSpec } from '../plan/task-spec.js';
import type { PlayData, UnitRequest, WorkerInit } from '../protocol/messages.js';
import { markUnsafe, mergeMarked } from '../template/unsafe.js';
import type { HostState } from './host-state.js';
import { hasHostVarsFiles, hostVarsFiles } from './vars-files.js';

/** What the main thread relayed about a host another worker owns. */
export interface RemoteHostVars {
  /** set_fact and registered results. */
  vars: Record<string, unknown>;
  /** include_vars results. */
  included: Record<string, unknown>;
  facts: Record<string, unknown>;
}

export interface VarsSources {
  init: WorkerInit;
  play: PlayData;
  hosts: Map<string, HostState>;
  /** Variables and facts of hosts on other workers (see strategy/hostvars-log.ts). */
  remote?: Map<string, RemoteHostVars>;
  omitToken: string;
  /** Templates a value with variables (vars_files names are templated per host). */
  render?: (value: unknown, vars: Record<string, unknown>) => unknown;
}

export function buildTaskVars(
  src: VarsSources,
  host: HostState,
  spec: TaskSpec | undefined,
  unit?: UnitRequest,
): Record<string, unknown> {
  const { init, play } = src;
  // Layered with their unsafe marks: a fact or registered value stays unsafe (template/unsafe.ts).
  const vars: Record<string, unknown> = mergeMarked(
    spec?.keywords.role_defaults as Record<string, unknown> | undefined,
    host.vars,
    injectedFacts(host.facts),
    play.vars,
    varsFilesLayer(src, host),
    spec?.keywords.vars,
    host.includedVars,
    host.hostVars,
    // role parameters and include params rank above set_fact/registered vars
    spec?.keywords.include_params as Record<string, unknown> | undefined,
    init.extraVars,
  );
  vars.inventory_hostname = host.name;
  vars.inventory_hostname_short = host.name.split('.')[0];
  vars.group_names = host.groupNames;
  vars.groups = play.groups;
  vars.ansible_facts = host.facts;
  vars.play_hosts = unit?.batch ?? play.hosts;
  vars.ansible_play_batch = unit?.batch ?? play.hosts;
  vars.ansible_play_hosts = play.hosts;
  vars.ansible_play_hosts_all = play.hosts;
  vars.ansible_play_name = play.name;
  vars.playbook_dir = play.playbookDir;
  vars.ansible_check_mode = init.check;
  vars.ansible_diff_mode = init.diff;
  vars.ansible_verbosity = init.verbosity;
  vars.omit = src.omitToken;
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

/** The play's vars_files variables for this host (templated names and alternatives resolved). */
function varsFilesLayer(src: VarsSources, host: HostState): Record<string, unknown> {
  const { play, init } = src;
  if (!src.render || !hasHostVarsFiles(play.varsFileEntries)) return play.varsFilesVars;
  const scope: Record<string, unknown> = mergeMarked(
    host.vars,
    injectedFacts(host.facts),
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

/** Facts as variables (INJECT_FACTS_AS_VARS): `ansible_<name>`, without Ansible's internal `_ansible_*`. */
function injectedFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(facts)) {
    if (k.startsWith('_ansible_')) continue;
    out[k.startsWith('ansible_') || UNPREFIXED_FACTS.has(k) ? k : `ansible_${k}`] = v;
  }
  // Facts are the host's word: every one of them is unsafe.
  return markUnsafe(out);
}

/**
 * `hostvars[h]`: full variables for hosts this worker owns; for the others, inventory-level
 * variables plus the facts and registered/set_fact variables the main thread relayed.
 */
function hostvarsView(src: VarsSources): Record<string, unknown> {
  const cache = new Map<string, Record<string, unknown>>();
  const lookup = (name: string): Record<string, unknown> | undefined => {
    let v = cache.get(name);
    if (!v) {
      const own = src.hosts.get(name);
      if (own)
        v = mergeMarked(own.vars, injectedFacts(own.facts), own.includedVars, own.hostVars, {
          ansible_facts: own.facts,
          inventory_hostname: name,
        });
      else if (src.init.allHostVars[name]) {
        const remote = src.remote?.get(name);
        const facts = remote?.facts ?? markUnsafe({});
        v = mergeMarked(src.init.allHostVars[name], injectedFacts(facts), remote?.included, remote?.vars, {
          ansible_facts: facts,
          inventory_hostname: name,
        });
      } else return undefined;
      cache.set(name, v);
    }
    return v;
  };
  return new Proxy(
    {},
    {
      get: (_target, prop) => (typeof prop === 'string' ? lookup(prop) : undefined),
      has(_target, prop) {
        return typeof prop === 'string' && (src.hosts.has(prop) || prop in src.init.allHostVars);
      },
      ownKeys() {
        return Object.keys(src.init.allHostVars);
      },
      getOwnPropertyDescriptor(_target, prop) {
        if (typeof prop === 'string' && prop in src.init.allHostVars) {
          return { enumerable: true, configurable: true, value: lookup(prop) };
        }
        return undefined;
      },
    },
  );
}
