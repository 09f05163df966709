/**
 * The controller paths Ansible gives content it writes to a local temp file before the copy
 * module sees it (a template's rendered text, copy's `content`), which its diff header and
 * results name: DEFAULT_LOCAL_TMP (ANSIBLE_LOCAL_TEMP, else ~/.ansible/tmp), the run's
 * `ansible-local-<pid><8 random>` dir, then mkdtemp's or mkstemp's `tmp<8 random>`.
 * flotilla keeps that content in memory: the path has Ansible's shape but is never created.
 */
import { createHash, randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** tempfile's names: 8 characters of these. */
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_';

const randomName = () => Array.from({ length: 8 }, () => CHARS[randomInt(CHARS.length)]).join('');

/** One per run, the same in every worker thread (a hash of the process id). */
function runDir(): string {
  const configured = process.env.ANSIBLE_LOCAL_TEMP ?? '~/.ansible/tmp';
  const base = configured.replace(/^~(?=\/|$)/, os.homedir());
  const hash = createHash('sha1').update(`ansible-local-${process.pid}`).digest();
  const suffix = Array.from(hash.subarray(0, 8), (b) => CHARS[b % CHARS.length]).join('');
  return path.join(path.resolve(base), `ansible-local-${process.pid}${suffix}`);
}

/** The template action's rendered file: mkdtemp's dir, then the template's base name. */
export function renderedTemplatePath(templatePath: string): string {
  return path.join(runDir(), `tmp${randomName()}`, path.basename(templatePath));
}

/** The copy action's file for `content` (mkstemp). */
export function contentTempPath(): string {
  return path.join(runDir(), `tmp${randomName()}`);
}
