/**
 * Ansible 2.14's action plugins that only pick another module and run it (service, package,
 * yum): the backend comes from the `use` option, else the host's `service_mgr` / `pkg_mgr`
 * fact, else a fact gathered for it (setup with gather_subset '!all' and a filter). How the
 * modules run is the caller's: this file holds only the choice, as the plugins make it.
 */
import { DISPLAY_WARNINGS, type TaskResult } from '../output/events.js';
import { actionFail } from './action-fail.js';

export type BackendActionName = 'service' | 'package' | 'yum';

/** What a backend action needs of the module runner. */
export interface BackendHost {
  /** Runs ansible.legacy.setup with these arguments (facts not stored). */
  gather(args: Record<string, unknown>): Promise<TaskResult>;
  /** The module loader's has_plugin: a module by that name resolves. */
  hasModule(name: string): boolean;
  /** Runs the backend module (as Ansible's _execute_module, async wrapping included). */
  runModule(name: string, args: Record<string, unknown>): Promise<TaskResult>;
}

/** The task's own view of the host's facts (its delegate's when delegating). */
export interface BackendFacts {
  vars: Record<string, unknown>;
  delegateTo?: string;
}

const FACT: Record<BackendActionName, string> = {
  service: 'service_mgr',
  package: 'pkg_mgr',
  yum: 'pkg_mgr',
};

/** service.py UNUSED_PARAMS: options the systemd module lacks, dropped with a warning. */
const UNUSED_PARAMS: Record<string, readonly string[]> = {
  systemd: ['pattern', 'runlevel', 'sleep', 'arguments', 'args'],
};

/** service.py BUILTIN_SVC_MGR_MODULES: run as ansible.legacy.<name>. */
const BUILTIN_SVC_MGR_MODULES = new Set(['openwrt_init', 'service', 'systemd', 'sysvinit']);

/** The names in facts/system/pkg_mgr.py PKG_MGRS (package.py BUILTIN_PKG_MGR_MODULES). */
const BUILTIN_PKG_MGR_MODULES = new Set([
  'apk',
  'apt',
  'atomic_container',
  'dnf',
  'homebrew',
  'installp',
  'macports',
  'opkg',
  'pacman',
  'pkg5',
  'pkgin',
  'pkgng',
  'portage',
  'sorcery',
  'svr4pkg',
  'swdepot',
  'swupd',
  'urpmi',
  'xbps',
  'yum',
  'zypper',
]);

/** yum.py VALID_BACKENDS. */
const YUM_BACKENDS = new Set(['yum', 'yum4', 'dnf']);

/**
 * `{{ ansible_facts.<fact> }}` (or the delegate's `hostvars[...]['ansible_facts'][...]`) as the
 * plugin templates it: undefined when any step is missing.
 */
export function factFromVars(action: BackendActionName, facts: BackendFacts): string | undefined {
  const name = FACT[action];
  const hostFacts = facts.delegateTo
    ? lookup(lookup(facts.vars.hostvars, facts.delegateTo), 'ansible_facts')
    : facts.vars.ansible_facts;
  const value = lookup(hostFacts, name);
  if (value === undefined) return undefined;
  return value === null ? 'None' : String(value);
}

function lookup(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<string, unknown>)[key];
}

/** The fact setup reports for the plugin ('auto' when it reports none). */
async function gatheredFact(action: BackendActionName, host: BackendHost): Promise<string> {
  const fact = `ansible_${FACT[action]}`;
  const result = await host.gather({ gather_subset: '!all', filter: fact });
  const value = lookup(result.ansible_facts, fact);
  return value === undefined ? 'auto' : String(value);
}

/** The module's arguments without the plugin's own options. */
function backendArgs(args: Record<string, unknown>, drop: readonly string[]): Record<string, unknown> {
  const out = { ...args };
  for (const name of drop) delete out[name];
  return out;
}

/** Runs a service/package/yum task as its Ansible action plugin does. */
export async function runBackendAction(
  action: BackendActionName,
  args: Record<string, unknown>,
  facts: BackendFacts,
  host: BackendHost,
): Promise<TaskResult> {
  if (action === 'service') return runService(args, facts, host);
  if (action === 'package') return runPackage(args, facts, host);
  return runYum(args, facts, host);
}

async function runService(
  args: Record<string, unknown>,
  facts: BackendFacts,
  host: BackendHost,
): Promise<TaskResult> {
  let module = String(args.use ?? 'auto').toLowerCase();
  if (module === 'auto') module = factFromVars('service', facts) ?? module;
  if (module === 'auto') module = await gatheredFact('service', host);
  if (!module || module === 'auto' || !host.hasModule(module)) module = 'ansible.legacy.service';
  const warnings: string[] = [];
  let moduleArgs = backendArgs(args, ['use']);
  const unused = (UNUSED_PARAMS[module] ?? []).filter((name) => name in moduleArgs);
  if (unused.length) {
    moduleArgs = backendArgs(moduleArgs, unused);
    for (const name of unused) warnings.push(`Ignoring "${name}" as it is not used in "${module}"`);
  }
  if (BUILTIN_SVC_MGR_MODULES.has(module)) module = `ansible.legacy.${module}`;
  const result = await host.runModule(module, moduleArgs);
  // the plugin's own display.warning: shown, but not part of the (registered) result
  if (warnings.length) result[DISPLAY_WARNINGS] = warnings;
  return result;
}

async function runPackage(
  args: Record<string, unknown>,
  facts: BackendFacts,
  host: BackendHost,
): Promise<TaskResult> {
  let module = String(args.use ?? 'auto');
  if (module === 'auto') module = factFromVars('package', facts) ?? module;
  if (module === 'auto') module = await gatheredFact('package', host);
  if (module === 'auto')
    return failure(
      actionFail(
        'Could not detect which package manager to use. Try gathering facts or setting the "use" option.',
      ),
    );
  if (!host.hasModule(module)) return failure(actionFail(`Could not find a module for ${module}.`));
  if (BUILTIN_PKG_MGR_MODULES.has(module)) module = `ansible.legacy.${module}`;
  return host.runModule(module, backendArgs(args, ['use']));
}

async function runYum(
  args: Record<string, unknown>,
  facts: BackendFacts,
  host: BackendHost,
): Promise<TaskResult> {
  if ('use' in args && 'use_backend' in args)
    return failure(actionFail("parameters are mutually exclusive: ('use', 'use_backend')"));
  let module = String(args.use ?? args.use_backend ?? 'auto');
  const result: TaskResult = {};
  if (module === 'auto') module = factFromVars('yum', facts) ?? module;
  if (!YUM_BACKENDS.has(module)) {
    module = await gatheredFact('yum', host);
    // The plugin returns the fact it gathered (a host fact once the task is ok).
    if (!facts.delegateTo && module !== 'auto') result.ansible_facts = { pkg_mgr: module };
  }
  if (!YUM_BACKENDS.has(module))
    return failure({
      ...result,
      msg: [
        'Could not detect which major revision of yum is in use, which is required to determine module backend.',
        'You should manually specify use_backend to tell the module whether to use the yum (yum3) or dnf (yum4) backend})',
      ],
    });
  module = `ansible.legacy.${module === 'yum4' ? 'dnf' : module}`;
  if (!host.hasModule(module))
    return failure({ ...result, msg: `Could not find a yum module backend for ${module}.` });
  return { ...result, ...(await host.runModule(module, backendArgs(args, ['use', 'use_backend']))) };
}

/** A failure of the plugin itself (TaskExecutor adds `changed: false`). */
function failure(result: TaskResult): TaskResult {
  return { ...result, failed: true, changed: false };
}
