/** Finds roles on disk and loads their task and handler files. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { loadTaskFile } from './load.js';
import type { RoleRef, TaskNode } from './model.js';

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** The directories searched for role `name`, in Ansible's order. */
export function roleSearchPaths(name: string, playbookDir: string, rolesPath: string[] = []): string[] {
  if (isAbsolute(name)) return [name];
  return [
    join(playbookDir, 'roles', name),
    ...rolesPath.map((p) => resolve(p, name)),
    join(playbookDir, name),
  ];
}

/** The directory of role `name`, or undefined when it is nowhere to be found. */
export function resolveRoleDir(
  name: string,
  playbookDir: string,
  rolesPath: string[] = [],
): string | undefined {
  return roleSearchPaths(name, playbookDir, rolesPath).find(isDirectory);
}

function mainFile(dir: string): string | undefined {
  return ['main.yml', 'main.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f));
}

/** A role's tasks (tasks/main.yml) and handlers (handlers/main.yml), tagged with the role name. */
export function loadRole(
  ref: RoleRef,
  playbookDir: string,
  idPrefix: string,
  rolesPath: string[] = [],
): { dir: string; tasks: TaskNode[]; handlers: TaskNode[] } {
  const dir = resolveRoleDir(ref.role, playbookDir, rolesPath);
  if (!dir) {
    throw new FlotillaError('FLT_PLAYBOOK_ROLE_NOT_FOUND', `the role "${ref.role}" was not found`, {
      location: ref.location,
      hint: `Searched: ${roleSearchPaths(ref.role, playbookDir, rolesPath).join(', ')}`,
    });
  }
  const name = ref.role.split('/').pop() ?? ref.role;
  const tasksFile = mainFile(join(dir, 'tasks'));
  const handlersFile = mainFile(join(dir, 'handlers'));
  return {
    dir,
    tasks: tasksFile ? loadTaskFile(tasksFile, { idPrefix: `${idPrefix}t`, role: name }) : [],
    handlers: handlersFile
      ? loadTaskFile(handlersFile, { idPrefix: `${idPrefix}h`, role: name, handler: true })
      : [],
  };
}
