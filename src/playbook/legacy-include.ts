/**
 * The bare `include:` task, which Ansible 2.14 still accepts with a deprecation warning
 * (playbook/helpers.py load_list_of_tasks, task_include.py). It is static, an import_tasks,
 * unless its file name is a template, it loops, or it sits in a file a dynamic include
 * brought; then it is an include_tasks. Its other arguments (`include: x.yml a=1`) are
 * variables of the included tasks (TaskInclude.get_vars), above the task's own `vars:`.
 * It takes any task keyword: Ansible checks include_tasks' short list only for that action.
 */
import { mergeMarked } from '../python/unsafe.js';
import type { TaskKeywords } from './model.js';

export const LEGACY_INCLUDE_NAMES: ReadonlySet<string> = new Set([
  'include',
  'ansible.builtin.include',
  'ansible.legacy.include',
]);

export function isLegacyInclude(name: string | undefined): boolean {
  return name !== undefined && LEGACY_INCLUDE_NAMES.has(name);
}

const TEMPLATE = /\{\{|\{%/;

/** What a bare include stands for, and the arguments an import/include_tasks takes. */
export function legacyInclude(
  args: Record<string, unknown>,
  keywords: TaskKeywords,
  opts: { loops: boolean; dynamicParent: boolean },
): { action: 'import_tasks' | 'include_tasks'; args: Record<string, unknown>; keywords: TaskKeywords } {
  const { _raw_params, file, ...params } = args;
  const target = _raw_params !== undefined && _raw_params !== '' ? _raw_params : file;
  const isStatic =
    !(typeof target === 'string' && TEMPLATE.test(target)) && !opts.loops && !opts.dynamicParent;
  const vars =
    Object.keys(params).length > 0
      ? mergeMarked((keywords.vars as Record<string, unknown> | undefined) ?? {}, params)
      : keywords.vars;
  return {
    action: isStatic ? 'import_tasks' : 'include_tasks',
    args: target === undefined ? {} : { _raw_params: target },
    keywords: vars === undefined ? keywords : { ...keywords, vars },
  };
}
