/**
 * ActionBase._find_needle for the action plugins that read a controller file (copy's and
 * unarchive's src, template's src, script): the file, or AnsibleFileNotFound's failure as
 * the action reports it (its text, and the exception whose last line the callback shows).
 */
import { existsSync } from 'node:fs';
import { controllerNotFoundText } from '../../errors/file-not-found.js';
import type { ModuleContext } from '../types.js';
import { ModuleFailure } from './remote.js';

/** The controller file `name` names (in the task's search path), or the action's failure. */
export function requireControllerFile(ctx: ModuleContext, name: string, kind: 'files' | 'templates'): string {
  const found = ctx.resolveLocalPath(name, kind);
  if (existsSync(found)) return found;
  const searched = ctx.localSearchPaths?.(name, kind) ?? [];
  const msg = controllerNotFoundText(name, searched);
  throw new ModuleFailure(msg, {
    exception: `Traceback (most recent call last):\n  (the action plugin on the controller)\nansible.errors.AnsibleFileNotFound: ${msg}\n`,
  });
}
