/**
 * The chain of static imports being expanded (import_tasks, import_role), to stop a file
 * that imports itself, directly or through others. Ansible recurses until Python's
 * RecursionError ("Unexpected Exception ... maximum recursion depth exceeded", exit 250);
 * we name the cycle and the import that closes it.
 */
import { resolve } from 'node:path';
import { FlotillaError, type SourceLocation } from '../errors/index.js';

/** One expansion in progress: what it brings in (a file, or a role's tasks) and the task that asked. */
export interface ImportLink {
  /** An absolute task file, or "role NAME" with its tasks_from. */
  target: string;
  action: string;
  location?: SourceLocation;
}

/** The target of an import_tasks/include_tasks of `file`. */
export function fileTarget(file: string): string {
  return resolve(file);
}

/** The target of an import_role/include_role. */
export function roleTarget(name: string, tasksFrom: unknown): string {
  return typeof tasksFrom === 'string' ? `role ${name} (tasks_from ${tasksFrom})` : `role ${name}`;
}

/** The chain with `link` added; throws when `link.target` is already being expanded. */
export function enterImport(chain: readonly ImportLink[], link: ImportLink): ImportLink[] {
  const start = chain.findIndex((l) => l.target === link.target);
  const next = [...chain, link];
  if (start >= 0) throw importCycleError(next.slice(start), link);
  return next;
}

function importCycleError(cycle: ImportLink[], closing: ImportLink): FlotillaError {
  const names = cycle.map((l) => l.target).join(' -> ');
  const what = closing.action.replace(/^ansible\.(?:builtin|legacy)\./, '');
  return new FlotillaError(
    'FLT_IMPORT_RECURSION',
    `${what} of ${closing.target} brings it into itself (${names}): the expansion would never end`,
    {
      location: closing.location,
      hint: `remove the ${what} that closes the cycle, or move the shared tasks into a third file`,
    },
  );
}
