/**
 * Action names written as templates, which Ansible 2.14 accepts under `action:` and
 * `local_action:` only (`action: "{{ pkg_mgr }} name=x"`; a `"{{ m }}": args` key is
 * "couldn't resolve module/action"). The loader keeps the name as written (--list-tasks and
 * the TASK banner show it so); each host's worker templates it and resolves the result.
 */

export function isTemplatedActionName(name: string): boolean {
  return /\{\{|\{%/.test(name);
}
