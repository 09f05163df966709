/**
 * The `validate` option of copy, template, lineinfile, blockinfile and replace: the new
 * content goes to a temp file on the host, `validate % tmpfile` runs (split like a shell
 * would, but no shell, as module.run_command does), and a non-zero rc fails the task
 * before dest is touched, with the module's own message.
 */
import { randomBytes } from 'node:crypto';
import { quote, quoteArgs } from '../../connection/shell-quote.js';
import { shlexSplit } from '../../python/shlex.js';
import type { ModuleContext } from '../types.js';
import { type ContentSource, toSource } from './content-source.js';
import { ModuleFailure, run } from './remote.js';
import { uploadRemoteTemp } from './remote-file.js';

/** copy's message keeps rc/stdout/stderr as keys; the text editors fold them into msg. */
export type ValidateStyle = 'copy' | 'edit';

export async function validateRemote(
  ctx: ModuleContext,
  content: string | Buffer | ContentSource,
  validate: string,
  style: ValidateStyle = 'copy',
): Promise<void> {
  if (!validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`);
  const tmp = `/tmp/.flotilla-validate-${randomBytes(6).toString('hex')}`;
  try {
    await uploadRemoteTemp(ctx, tmp, toSource(content));
  } catch (err) {
    throw new ModuleFailure(`Could not write a file to validate: ${(err as Error).message}`);
  }
  try {
    await validateRemoteFile(ctx, tmp, validate, style);
  } finally {
    await run(ctx, `rm -f -- ${quote(tmp)}`).catch(() => undefined);
  }
}

/** Runs the validate command on a file already on the host (copy with remote_src). */
export async function validateRemoteFile(
  ctx: ModuleContext,
  path: string,
  validate: string,
  style: ValidateStyle = 'copy',
): Promise<void> {
  if (!validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`);
  const res = await run(ctx, quoteArgs(shlexSplit(validate.split('%s').join(path), { anyWhitespace: true })));
  if (res.rc === 0) return;
  if (style === 'copy')
    throw new ModuleFailure('failed to validate', {
      exit_status: res.rc,
      stdout: res.stdout,
      stderr: res.stderr,
    });
  throw new ModuleFailure(`failed to validate: rc:${res.rc} error:${res.stderr}`);
}
