/**
 * module_defaults' `group/…` names as Ansible 2.14 resolves them (playbook/base.py
 * `_resolve_group`): a group lives in a collection's runtime metadata (`action_groups`;
 * ansible.builtin's in ansible_builtin_runtime.yml), its members are resolved action names,
 * and a `metadata: {extend_group: [...]}` entry adds other groups' members (those need not
 * exist). Each group is resolved once per run, as Ansible caches it on the play.
 */
import { isFqcr } from './resolve.js';

/** What group resolution needs of the module catalog. */
export interface ActionGroupSource {
  /** The collection's `action_groups`, or undefined when it is not installed. */
  actionGroups(collection: string): Record<string, unknown> | undefined;
  /** An action's resolved FQCN (Ansible's `_resolve_action`), or undefined. */
  resolveAction(name: string): string | undefined;
}

export interface ResolvedGroup {
  /** `ansible.builtin.testgroup`, `community.docker.docker`. */
  name: string;
  /** The resolved FQCNs of its actions, extended groups' included. */
  actions: string[];
}

export class ActionGroups {
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly source: ActionGroupSource) {}

  /**
   * The group a `group/<name>` key names (a short name is ansible.builtin's), or undefined
   * when it cannot be resolved and `mandatory` (the caller reports Ansible's error).
   */
  resolve(groupName: string, mandatory = true): ResolvedGroup | undefined {
    const fq = isFqcr(groupName) ? groupName : `ansible.builtin.${groupName}`;
    const collection = fq.split('.').slice(0, 2).join('.');
    const cached = this.cache.get(fq);
    if (cached) return { name: fq, actions: cached };
    const groups = this.source.actionGroups(collection);
    const resource = fq.slice(collection.length + 1);
    const group = groups?.[fq] ?? groups?.[resource];
    if (!Array.isArray(group)) return mandatory ? undefined : { name: fq, actions: [] };
    const actions: string[] = [];
    let extend: string[] = [];
    for (const entry of group) {
      if (typeof entry !== 'string') {
        const metadata = (entry as { metadata?: unknown } | null)?.metadata;
        if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
          const ext = (metadata as { extend_group?: unknown }).extend_group;
          extend = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.map(String) : [];
        }
        continue;
      }
      const resolved = this.source.resolveAction(isFqcr(entry) ? entry : `${collection}.${entry}`);
      if (resolved) actions.push(resolved);
    }
    // Cached before the extended groups are resolved: groups may extend each other.
    this.cache.set(fq, actions);
    for (const other of extend) {
      const found = this.resolve(isFqcr(other) ? other : `${collection}.${other}`, false);
      actions.push(...(found?.actions ?? []));
    }
    return { name: fq, actions };
  }
}
