/**
 * Deprecations found while loading playbooks and task files (the bare `include:`, a module
 * name that runtime.yml deprecates). Ansible prints them from the loader itself, on stderr,
 * as it meets them, so before the first PLAY for everything loaded up front and at run time
 * for files an include brings. Loading has no output channel of its own: whoever runs or
 * lists playbooks listens here (the run turns them into events, --list-tasks prints them).
 */

export interface LoadDeprecation {
  msg: string;
  version?: string;
  date?: string;
  /** The collection the deprecated name belongs to (`ansible.builtin` reads "ansible-core"). */
  collection?: string;
}

type Listener = (d: LoadDeprecation) => void;

let listener: Listener | undefined;

/** Sends load-time deprecations to `fn` until the returned function is called. */
export function listenForLoadDeprecations(fn: Listener): () => void {
  const previous = listener;
  listener = fn;
  return () => {
    listener = previous;
  };
}

/** Reports one deprecation (the display drops repeats of the same text, as Ansible's does). */
export function reportLoadDeprecation(d: LoadDeprecation): void {
  listener?.(d);
}

/** Ansible 2.14's load-time text for a bare `include:` task (playbook/helpers.py). */
export const INCLUDE_DEPRECATION: LoadDeprecation = {
  msg: '"include" is deprecated, use include_tasks/import_tasks instead. See https://docs.ansible.com/ansible-core/2.14/user_guide/playbooks_reuse_includes.html for details',
  version: '2.16',
};

/** Its run-time text, when a dynamic `include:` brings its file (playbook/included_file.py). */
export const INCLUDE_RUN_DEPRECATION: LoadDeprecation = {
  msg: '"include" is deprecated, use include_tasks/import_tasks/import_playbook instead',
  version: '2.16',
};
