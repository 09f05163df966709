/**
 * A task whose action name is a template (`action: "{{ pkg_mgr }} name=x"`): Ansible's
 * TaskExecutor templates `action` with the host's variables (post_validate) and only then
 * resolves it, so one task may run a native module on one host and a bridged one on
 * another. This turns the task's spec into the spec of the module the name resolves to.
 */
import { canonicalActionName, traitsOf } from '../actions/table.js';
import { ModuleCatalog, type TaskModule } from '../bridge/catalog.js';
import type { TaskSpec } from '../plan/task-spec.js';
import { isTemplatedActionName } from '../playbook/templated-action.js';

export function hasTemplatedAction(spec: TaskSpec): boolean {
  return isTemplatedActionName(spec.action);
}

/** Module lookups for templated names, from the worker (the main thread's catalog is not here). */
export class TemplatedActions {
  private readonly catalog = new ModuleCatalog();

  /**
   * The spec for the module `name` (the rendered action) names, or a message when the task
   * cannot run it. A name nothing resolves stays as it is: the module runner then fails
   * the task with Ansible's "was not found in configured module paths".
   */
  resolve(spec: TaskSpec, name: string, dirs: string[]): TaskSpec | { msg: string } {
    for (const dir of dirs) this.catalog.addPluginDirs(dir);
    const canonical = canonicalActionName(name);
    const kind = canonical ? traitsOf(canonical).kind : 'module';
    // The main thread runs includes, imports and meta by their written name.
    if (kind !== 'module' && kind !== 'action')
      return {
        msg: `flotilla cannot run ${name} from a templated action name: write "${name}:" in the task`,
      };
    const collections = spec.keywords.collections;
    let module: TaskModule | undefined;
    try {
      module = this.catalog.lookup(name, Array.isArray(collections) ? collections.map(String) : []);
    } catch (err) {
      return { msg: (err as Error).message };
    }
    if (module?.actionPlugin && module.collection !== 'ansible.builtin')
      return {
        msg: `${module.fqcn} needs its collection's action plugin (${module.actionPlugin}), which flotilla does not run`,
      };
    const { module: _written, ...rest } = spec;
    return {
      ...rest,
      action: canonical ?? name,
      actionAsWritten: name,
      ...(module ? { module } : {}),
    };
  }
}
