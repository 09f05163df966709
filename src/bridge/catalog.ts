/**
 * The run's module catalog, shared by everything that loads playbooks on the main thread,
 * as Ansible's module_loader is process-wide: the playbook's dir and every role's dir are
 * added as they load (Ansible's add_all_plugin_dirs: their `library/` holds modules, their
 * `module_utils/` what those import), and task names are resolved against it.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionGroups } from './action-groups.js';
import { ModuleResolver, pathList } from './resolve.js';

/**
 * The module file a task's name resolved to: the worker runs it through the bridge when
 * flotilla has no native implementation of it, or when a library/ module shadows a builtin.
 */
export interface TaskModule {
  /** `ansible.builtin.cron`, `community.general.ini_file`; a library module: its short name. */
  fqcn: string;
  /** `ansible.builtin`, a collection, or '' for a library/ module or a local action plugin. */
  collection: string;
  /** The module's file ('' when the name is only a local action plugin's). */
  path: string;
  /** The playbook's and roles' dirs known when it was resolved (their module_utils/). */
  dirs: string[];
  /** runtime.yml deprecations met on the way (shown as Ansible's warnings). */
  deprecations?: { msg: string; version?: string; date?: string; collection_name?: string }[];
  /** The collection ships its own action plugin for it (flotilla runs none of those). */
  actionPlugin?: string;
  /**
   * A Python action plugin of this name in an `action_plugins/` dir (the playbook's, a role's,
   * ANSIBLE_ACTION_PLUGINS): it runs for the task, in ansible-core (bridge/action-plugins.ts).
   */
  localAction?: string;
}

export class ModuleCatalog {
  private readonly dirs: string[] = [];

  /** module_defaults' action groups, resolved once per run. */
  readonly actionGroups: ActionGroups;

  constructor(private readonly resolver = new ModuleResolver()) {
    this.actionGroups = new ActionGroups({
      actionGroups: (collection) => this.resolver.actionGroups(collection),
      resolveAction: (name) => this.resolvedName(name),
    });
  }

  /** A playbook's or role's dir: its library/ is searched before the configured paths. */
  addPluginDirs(dir: string): void {
    const abs = path.resolve(dir);
    if (this.dirs.includes(abs)) return;
    this.dirs.push(abs);
    this.resolver.addLibraryDir(path.join(abs, 'library'));
  }

  /** A collection's role by its FQCN (see ModuleResolver.collectionRoleDir). */
  collectionRoleDir(fqcr: string, extraRoots: readonly string[] = []): string | undefined {
    return this.resolver.collectionRoleDir(fqcr, extraRoots);
  }

  /** The playbook and role dirs added so far (their filter_plugins/, test_plugins/ too). */
  pluginDirs(): string[] {
    return [...this.dirs];
  }

  /** A module library dir of its own (-M/--module-path). */
  addModuleDir(dir: string): void {
    this.resolver.addLibraryDir(
      path.resolve(dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(2)) : dir),
    );
  }

  /**
   * The module a task names, through its `collections:` list (ansible.legacy added as Ansible
   * adds it), or undefined. Throws FLT_MODULE_REMOVED (a tombstone) and redirect errors.
   */
  lookup(name: string, collections: readonly string[] = []): TaskModule | undefined {
    const list =
      collections.length > 0 &&
      !collections.includes('ansible.builtin') &&
      !collections.includes('ansible.legacy')
        ? [...collections, 'ansible.legacy']
        : collections;
    const found = this.resolver.resolve(name, { collections: list });
    // The action loader looks for a legacy name's plugin in these dirs before ansible-core's own.
    const legacy = !found || found.collection === '' || found.collection === 'ansible.builtin';
    const localAction = legacy ? this.localActionPlugin(name) : undefined;
    if (!found && !localAction) return undefined;
    return {
      fqcn: found?.fqcn ?? name.replace(/^ansible\.legacy\./, ''),
      collection: found?.collection ?? '',
      path: found?.path ?? '',
      dirs: [...this.dirs],
      ...(found?.deprecations.length ? { deprecations: found.deprecations } : {}),
      ...(found?.actionPlugin ? { actionPlugin: found.actionPlugin } : {}),
      ...(localAction ? { localAction } : {}),
    };
  }

  /**
   * The action plugin file a short name (or `ansible.legacy.<name>`) has in the playbook's and
   * roles' `action_plugins/`, then DEFAULT_ACTION_PLUGIN_PATH, as the action loader searches.
   */
  private localActionPlugin(name: string): string | undefined {
    const short = name.startsWith('ansible.legacy.') ? name.slice('ansible.legacy.'.length) : name;
    if (short.includes('.') || short === '') return undefined;
    const configured = pathList(process.env.ANSIBLE_ACTION_PLUGINS) ?? [
      path.join(os.homedir(), '.ansible/plugins/action'),
      '/usr/share/ansible/plugins/action',
    ];
    for (const dir of [...this.dirs.map((d) => path.join(d, 'action_plugins')), ...configured]) {
      const file = path.join(dir, `${short}.py`);
      if (existsSync(file)) return file;
    }
    return undefined;
  }

  /**
   * The FQCN Ansible's loader reports for an action name (its resolved_fqcn: a library/
   * module is `ansible.legacy.<name>`), or undefined when nothing resolves it.
   */
  resolvedName(name: string): string | undefined {
    let found: ReturnType<ModuleResolver['resolve']>;
    try {
      found = this.resolver.resolve(name);
    } catch {
      return undefined;
    }
    if (!found) return undefined;
    return found.collection === '' ? `ansible.legacy.${found.fqcn}` : found.fqcn;
  }
}

let shared: ModuleCatalog | undefined;

/** The process's catalog (created on first use). */
export function moduleCatalog(): ModuleCatalog {
  shared ??= new ModuleCatalog();
  return shared;
}
