/**
 * The keywords Ansible 2.14 accepts on plays, blocks, tasks, handlers and role
 * entries (the `fattributes` of its Play, Block, Task, Handler and RoleDefinition).
 */

const COMMON = [
  'any_errors_fatal',
  'become',
  'become_exe',
  'become_flags',
  'become_method',
  'become_user',
  'check_mode',
  'collections',
  'connection',
  'debugger',
  'diff',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'module_defaults',
  'name',
  'no_log',
  'port',
  'remote_user',
  'run_once',
  'tags',
  'throttle',
  'timeout',
  'vars',
];

export const PLAY_KEYWORDS: ReadonlySet<string> = new Set([
  ...COMMON,
  'fact_path',
  'force_handlers',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'handlers',
  'hosts',
  'max_fail_percentage',
  'order',
  'post_tasks',
  'pre_tasks',
  'roles',
  'serial',
  'strategy',
  'tasks',
  'vars_files',
  'vars_prompt',
]);

export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([
  ...COMMON,
  'always',
  'block',
  'delegate_facts',
  'delegate_to',
  'notify',
  'rescue',
  'when',
]);

/** Task keywords; `with_<lookup>` is accepted separately. */
export const TASK_KEYWORDS: ReadonlySet<string> = new Set([
  ...COMMON,
  'action',
  'args',
  'async',
  'changed_when',
  'delay',
  'delegate_facts',
  'delegate_to',
  'failed_when',
  'local_action',
  'loop',
  'loop_control',
  'notify',
  'poll',
  'register',
  'retries',
  'until',
  'when',
]);

export const HANDLER_KEYWORDS: ReadonlySet<string> = new Set([...TASK_KEYWORDS, 'listen']);

/** Keys a role entry may carry; any other key is a role parameter (Ansible's old style). */
export const ROLE_KEYWORDS: ReadonlySet<string> = new Set([...COMMON, 'role', 'when']);

/** Keys of an `import_playbook` entry. */
export const IMPORT_PLAYBOOK_KEYWORDS: ReadonlySet<string> = new Set([
  'import_playbook',
  'ansible.builtin.import_playbook',
  'ansible.legacy.import_playbook',
  'name',
  'vars',
  'tags',
  'when',
]);

/** Names often used in `with_<lookup>` loops, for "did you mean" hints. */
export const COMMON_LOOP_KEYWORDS = [
  'with_items',
  'with_dict',
  'with_fileglob',
  'with_together',
  'with_sequence',
];
