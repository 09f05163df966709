/**
 * The become password from the command line, as ansible-playbook takes it (cli/__init__.py
 * ask_passwords and get_password_from_file): -K asks "BECOME password: " (on the terminal,
 * not echoed), --become-password-file reads a file (stripped of surrounding whitespace), runs
 * an executable one (its stdout, stripped of line ends) or reads stdin for `-`. It never goes
 * into a command line or an environment variable; the workers get it in their init message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import { isExecutable, readSecret } from './secret-prompt.js';

export interface BecomePasswordFlags {
  askBecomePass?: boolean;
  becomePasswordFile?: string;
}

function passwordFileError(message: string): FlotillaError {
  return new FlotillaError('FLT_BECOME_PASSWORD_FILE', message, {
    hint: 'check --become-password-file',
  });
}

/** Ansible's get_password_from_file, for --become-password-file. */
export function readPasswordFile(given: string): string {
  let secret: string;
  const file = given === '-' ? given : path.resolve(given);
  if (file === '-') secret = readFileSync(0, 'utf8');
  else if (!existsSync(file)) throw passwordFileError(`The password file ${file} was not found`);
  else if (isExecutable(file)) {
    const r = spawnSync(file, [], { encoding: 'utf8' });
    if (r.error)
      throw passwordFileError(
        `Problem occured when trying to run the password script ${file} (${r.error.message}). If this is not a script, remove the executable bit from the file.`,
      );
    if (r.status !== 0)
      throw passwordFileError(`The password script ${file} returned an error (rc=${r.status}): ${r.stderr}`);
    secret = r.stdout;
  } else {
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw passwordFileError(`Could not read password file ${file}: ${(err as Error).message}`);
    }
  }
  secret = secret.replace(/^[\r\n]+|[\r\n]+$/g, '');
  if (secret === '') throw passwordFileError(`Empty password was provided from file (${file})`);
  return secret;
}

/** -K or --become-password-file (commander refuses both at once, as argparse does). */
export async function loadBecomePassword(flags: BecomePasswordFlags): Promise<string | undefined> {
  if (flags.askBecomePass) {
    // Ansible: an empty answer or end of input is no password.
    const answer = await readSecret('BECOME password: ');
    return answer ? answer : undefined;
  }
  if (flags.becomePasswordFile !== undefined) return readPasswordFile(flags.becomePasswordFile);
  return undefined;
}
