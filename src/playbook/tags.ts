/**
 * Tag selection as `--tags`/`--skip-tags` do it (Ansible's Taggable.evaluate_tags):
 * `always` runs unless skipped by name, `never` runs only when asked for by name,
 * `tagged`/`untagged`/`all` are the special selectors.
 */

const UNTAGGED = 'untagged';

/**
 * Whether a task with `taskTags` (its own plus inherited ones) runs given the
 * `only` (--tags; empty means all) and `skip` (--skip-tags) selections.
 */
export function taskMatchesTags(taskTags: string[], only: string[], skip: string[]): boolean {
  const tags = new Set(taskTags.length > 0 ? taskTags : [UNTAGGED]);
  const untagged = taskTags.length === 0;
  const onlyTags = only.length > 0 ? only : ['all'];
  const hasAny = (wanted: string[]) => wanted.some((t) => tags.has(t));
  let run: boolean;
  if (tags.has('always')) run = true;
  else if (onlyTags.includes('all') && !tags.has('never')) run = true;
  else if (hasAny(onlyTags)) run = true;
  else run = onlyTags.includes('tagged') && !untagged && !tags.has('never');
  if (run && skip.length > 0) {
    if (skip.includes('all')) {
      if (!tags.has('always') || skip.includes('always')) run = false;
    } else if (hasAny(skip)) run = false;
    else if (skip.includes('tagged') && !untagged) run = false;
  }
  return run;
}
