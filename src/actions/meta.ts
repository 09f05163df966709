/**
 * The `meta` actions, declared once with their traits as data. The worker validates the
 * name (executor), the main thread applies the effect (strategy/meta-tasks.ts). A leaf: the
 * thread protocol imports the MetaAction type from here.
 */

export interface MetaTraits {
  /** Under linear, runs once per host (else once for the batch, `when` on its first host). */
  perHost: boolean;
  /** Ignores `when` (Ansible warns "… task does not support when conditional" and runs it). */
  ignoresWhen: boolean;
}

const META = {
  flush_handlers: { perHost: true, ignoresWhen: false },
  end_play: { perHost: false, ignoresWhen: false },
  end_host: { perHost: true, ignoresWhen: false },
  end_batch: { perHost: false, ignoresWhen: false },
  clear_host_errors: { perHost: false, ignoresWhen: false },
  noop: { perHost: true, ignoresWhen: true },
  refresh_inventory: { perHost: false, ignoresWhen: true },
  clear_facts: { perHost: false, ignoresWhen: false },
  reset_connection: { perHost: true, ignoresWhen: true },
} as const satisfies Record<string, MetaTraits>;

/** A meta action a task may name (`meta: end_play`). */
export type MetaAction = keyof typeof META;

/** Names in Ansible's order (its "valid actions" hint lists them so). */
export const META_ACTIONS: readonly MetaAction[] = Object.freeze(Object.keys(META) as MetaAction[]);

/**
 * Ansible's internal role_complete runs once per host too; no task may name it (the worker
 * refuses it as an invalid meta action), so it is not a MetaAction.
 */
const INTERNAL: Readonly<Record<string, MetaTraits>> = {
  role_complete: { perHost: true, ignoresWhen: false },
};

export function isMetaAction(name: string): name is MetaAction {
  return Object.hasOwn(META, name);
}

/** The traits of a meta action (undefined for a name that is none). */
export function metaTraits(name: string): MetaTraits | undefined {
  return isMetaAction(name) ? META[name] : INTERNAL[name];
}
