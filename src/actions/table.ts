/**
 * The action table: every action a task may name (host module, controller action, meta,
 * include, import), declared ONCE with its traits as data. Both threads read it: the loader
 * (which names exist, which take free-form words), the strategies (connection, host loop,
 * includes, what is shown) and the worker (facts, check mode, which implementation runs).
 *
 * Pure data, no implementation imported: the main thread reads it without loading module
 * code. Implementations are found by name: host modules in src/modules/registry.ts,
 * controller actions in src/actions/controller/index.ts.
 */
import { ANSIBLE_ARGUMENT_SPECS, type SpecEntry } from './ansible-argument-specs.js';

export type ActionKind =
  /** A module, acting on the host through its connection (pause: without one). */
  | 'module'
  /** An action plugin the host's worker evaluates with the task's variables (debug, set_fact, …). */
  | 'action'
  | 'meta'
  /** Runs on the host's worker, which names what to include; the main thread includes it. */
  | 'include'
  /** Resolved while the playbook is loaded: never runs. */
  | 'import';

export interface ActionTraits {
  name: string;
  kind: ActionKind;
  /** 'host': through the host's connection; 'controller': in the host's worker, without one. */
  runs: 'host' | 'controller';
  /**
   * The strategy waits for the host's pre-connection before running it: every action but the
   * connectionless action plugins, meta and include_tasks (pause and include_role wait, as
   * they always have).
   */
  waitsForConnection: boolean;
  /** Ansible's BYPASS_HOST_LOOP: the linear strategy runs it once for the batch (pause). */
  bypassHostLoop: boolean;
  /**
   * Where its `ansible_facts` go: 'hostVars' / 'includedVars' keep their own marks (Ansible's
   * _ACTION_WITH_CLEAN_FACTS: set_fact, include_vars); 'facts' are the host's facts, unsafe.
   */
  factsInto: 'hostVars' | 'includedVars' | 'facts';
  /**
   * Gathers the host's facts, which every worker learns: 'module' (setup) or 'action'
   * (gather_facts, whose action plugin marks them _ansible_facts_gathered for `smart`).
   */
  gathersFacts: false | 'module' | 'action';
  /** The implementation it runs under another name (gather_facts is setup). */
  aliasOf?: string;
  /** What it includes at run time (include_tasks, include_role). */
  include?: 'tasks' | 'role';
  /** Its string argument is a command line (Ansible's MODULE_REQUIRE_ARGS). */
  freeForm: boolean;
  /** May take words that are not k=v (Ansible's RAW_PARAM_MODULES). */
  rawParams: boolean;
  /** TaskExecutor sets `failed: false` when its result lacks it (include_* and meta return before). */
  defaultsFailed: boolean;
  /** Ansible neither shows nor counts it when it ran ok (meta, include_role). */
  quietWhenOk: boolean;
  /** The callback keeps only `msg` of its result (debug's _clean_results). */
  showsOnlyMsg: boolean;
  /** false: in check mode it is not run and reports skipped. */
  supportsCheckMode: boolean;
  /**
   * false: its action plugin refuses `async:` (ActionBase._supports_async left False), failing
   * with "async is not supported for this task."; command, shell, package, service, yum,
   * uri, reboot and the modules without an action plugin (normal) support it.
   */
  supportsAsync: boolean;
  /** The check-mode skip message when it is not the remote-module one (fetch). */
  checkModeSkipMsg?: string;
  /** The options the action plugin accepts (its _VALID_ARGS); others fail the task. */
  validArgs?: readonly string[];
  /**
   * The collection module it is (`community.general.ini_file`): a name Ansible 2.14's
   * ansible_builtin_runtime.yml routes out of ansible.builtin; the FQCN names it as well.
   */
  fqcn?: string;
  /** The module Ansible runs on the host for it, and what the action plugin adds (invocation). */
  ansibleModule?: { name: string; fixed?: Record<string, unknown> };
}

type Extra = Partial<Omit<ActionTraits, 'name' | 'kind'>>;

const DEFAULTS = {
  runs: 'host',
  waitsForConnection: true,
  bypassHostLoop: false,
  factsInto: 'facts',
  gathersFacts: false,
  freeForm: false,
  rawParams: false,
  defaultsFailed: true,
  quietWhenOk: false,
  showsOnlyMsg: false,
  supportsCheckMode: true,
  supportsAsync: true,
} as const satisfies Omit<ActionTraits, 'name' | 'kind'>;

const module = (name: string, extra: Extra = {}): ActionTraits => ({
  ...DEFAULTS,
  name,
  kind: 'module',
  ...extra,
});
/** A command-line module: free-form, so it takes raw words. */
const commandLine = (name: string): ActionTraits => module(name, { freeForm: true, rawParams: true });
const controller = { runs: 'controller', waitsForConnection: false } as const;
const action = (name: string, extra: Extra = {}): ActionTraits => ({
  ...DEFAULTS,
  ...controller,
  name,
  kind: 'action',
  supportsAsync: false,
  ...extra,
});
/** The modules whose Ansible 2.14 action plugin refuses async (plugins/action/*.py). */
const NO_ASYNC = { supportsAsync: false } as const;
const include = (name: string, what: 'tasks' | 'role', extra: Extra = {}): ActionTraits => ({
  ...DEFAULTS,
  name,
  kind: 'include',
  runs: 'controller',
  include: what,
  rawParams: true,
  defaultsFailed: false,
  ...extra,
});
const load = (name: string, extra: Extra = {}): ActionTraits => ({
  ...DEFAULTS,
  ...controller,
  name,
  kind: 'import',
  ...extra,
});

/** The listed modules below whose action plugin refuses async. */
const ASYNC_REFUSING_MODULES: ReadonlySet<string> = new Set([
  'assemble',
  'async_status',
  'copy',
  'template',
  'unarchive',
  'wait_for_connection',
]);

/**
 * Every name the loader accepts: ansible.builtin's modules as shipped with ansible-core 2.14,
 * plus sysctl and mount which playbooks commonly use unqualified. A name without an
 * implementation parses, and fails at run time as an unknown module.
 */
const ACTIONS: readonly ActionTraits[] = Object.freeze([
  // Action plugins the worker evaluates with the task's variables.
  action('debug', { validArgs: ['msg', 'var', 'verbosity'], showsOnlyMsg: true }),
  action('set_fact', { factsInto: 'hostVars', rawParams: true }),
  action('include_vars', { factsInto: 'includedVars', rawParams: true }),
  action('assert', { validArgs: ['fail_msg', 'msg', 'quiet', 'success_msg', 'that'] }),
  action('fail', { validArgs: ['msg'] }),
  // They change the run's in-memory inventory; add_host runs once for the batch (BYPASS_HOST_LOOP).
  action('group_by', { validArgs: ['key', 'parents'], rawParams: true }),
  action('add_host', { bypassHostLoop: true, rawParams: true }),
  action('set_stats', { validArgs: ['aggregate', 'data', 'per_host'] }),
  action('validate_argument_spec'),
  {
    ...DEFAULTS,
    ...controller,
    name: 'meta',
    kind: 'meta',
    rawParams: true,
    defaultsFailed: false,
    quietWhenOk: true,
  },
  // include_tasks does not wait for the host's pre-connection, include_role does (as before).
  include('include_tasks', 'tasks', { waitsForConnection: false }),
  include('include_role', 'role', { quietWhenOk: true }),
  load('import_tasks', { rawParams: true }),
  load('import_role', { rawParams: true }),
  load('import_playbook'),
  // pause runs in the worker without a connection, once for the batch.
  module('pause', { runs: 'controller', bypassHostLoop: true, ...NO_ASYNC }),
  commandLine('command'),
  module('shell', {
    freeForm: true,
    rawParams: true,
    ansibleModule: { name: 'command', fixed: { _uses_shell: true } },
  }),
  module('raw', { freeForm: true, rawParams: true, ...NO_ASYNC }),
  module('script', { freeForm: true, rawParams: true, ...NO_ASYNC }),
  module('setup', { gathersFacts: 'module' }),
  module('gather_facts', { gathersFacts: 'action', aliasOf: 'setup', ...NO_ASYNC }),
  module('fetch', {
    ...NO_ASYNC,
    supportsCheckMode: false,
    checkModeSkipMsg: 'check mode not (yet) supported for this module',
  }),
  module('wait_for', { supportsCheckMode: false }),
  module('uri', { supportsCheckMode: false }),
  module('package', { ansibleModule: { name: 'apt' } }),
  // systemd_service.py and systemd.py are the same module in 2.14: one native form
  module('systemd_service', { aliasOf: 'systemd' }),
  module('ini_file', { fqcn: 'community.general.ini_file' }),
  module('sysctl', { fqcn: 'ansible.posix.sysctl' }),
  module('mount', { fqcn: 'ansible.posix.mount' }),
  module('authorized_key', { fqcn: 'ansible.posix.authorized_key' }),
  module('timezone', { fqcn: 'community.general.timezone' }),
  ...[
    'apt',
    'apt_key',
    'apt_repository',
    'assemble',
    'async_status',
    'blockinfile',
    'copy',
    'cron',
    'debconf',
    'dnf',
    'dpkg_selections',
    'expect',
    'file',
    'find',
    'get_url',
    'getent',
    'git',
    'group',
    'hostname',
    'iptables',
    'known_hosts',
    'lineinfile',
    'package_facts',
    'ping',
    'pip',
    'reboot',
    'replace',
    'rpm_key',
    'service',
    'service_facts',
    'slurp',
    'stat',
    'subversion',
    'systemd',
    'sysvinit',
    'tempfile',
    'template',
    'unarchive',
    'user',
    'wait_for_connection',
    'yum',
    'yum_repository',
  ].map((name) => module(name, ASYNC_REFUSING_MODULES.has(name) ? NO_ASYNC : {})),
]);

const BY_NAME: ReadonlyMap<string, Readonly<ActionTraits>> = new Map(
  ACTIONS.map((a) => [a.name, Object.freeze(a)]),
);

/** The collection modules the table names, FQCN -> short name (community.general.ini_file). */
const BY_FQCN: ReadonlyMap<string, string> = new Map(
  ACTIONS.filter((a) => a.fqcn !== undefined).map((a) => [a.fqcn as string, a.name]),
);

/** The collections whose actions flotilla implements under their short names. */
export const BUILTIN_PREFIXES: readonly string[] = ['ansible.builtin.', 'ansible.legacy.'];

/** The short name for `name` ("ansible.builtin.copy" -> "copy"), or undefined for an unknown one. */
export function canonicalActionName(name: string): string | undefined {
  const routed = BY_FQCN.get(name);
  if (routed !== undefined) return routed;
  const prefix = BUILTIN_PREFIXES.find((p) => name.startsWith(p));
  const short = prefix ? name.slice(prefix.length) : name;
  return BY_NAME.has(short) ? short : undefined;
}

/** The traits of an action, by short or FQCN name (undefined for a name the table lacks). */
export function actionTraits(name: string): ActionTraits | undefined {
  const short = canonicalActionName(name);
  return short === undefined ? undefined : BY_NAME.get(short);
}

/** The traits of a task's (canonical) action: an unknown one has the defaults of a host module. */
export function traitsOf(name: string): ActionTraits {
  return actionTraits(name) ?? module(name);
}

/** The implementation's name for an action: its alias target, else its short name. */
export function implementationName(name: string): string {
  const traits = actionTraits(name);
  return traits ? (traits.aliasOf ?? traits.name) : name;
}

/** Every short name the table declares (what the loader accepts), sorted. */
export function actionNames(): string[] {
  return ACTIONS.map((a) => a.name).sort();
}

/** True for a name written as a collection path (namespace.collection.module). */
export function isFullyQualified(name: string): boolean {
  return name.split('.').length >= 3;
}

/** Ansible's argument spec (name -> [default, aliases, no_log]) of the module an action runs on the host. */
export function ansibleArgumentSpec(name: string): Readonly<Record<string, SpecEntry>> | undefined {
  const traits = traitsOf(name);
  return ANSIBLE_ARGUMENT_SPECS[traits.ansibleModule?.name ?? traits.name];
}
