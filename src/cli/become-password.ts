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
import { isExecutable, readSecret } from '../vault/secret-prompt.js';

export interface BecomePasswordFlags {
  askBecomePass?: boolean;
  becomePasswordFile?: string;
}

function passwordFileError(message: string, option: string): FlotillaError {
  const code =
    option === '--become-password-file' ? 'FLT_BECOME_PASSWORD_FILE' : 'FLT_CONNECTION_PASSWORD_FILE';
  return new FlotillaError(code, message, { hint: `check ${option}` });
}

/** Ansible's get_password_from_file, for --become-password-file or --connection-password-file. */
export function readPasswordFile(given: string, option = '--become-password-file'): string {
  const fail = (message: string) => passwordFileError(message, option);
  let secret: string;
  const file = given === '-' ? given : path.resolve(given);
  if (file === '-') secret = readFileSync(0, 'utf8');
  else if (!existsSync(file)) throw fail(`The password file ${file} was not found`);
  else if (isExecutable(file)) {
    const r = spawnSync(file, [], { encoding: 'utf8' });
    if (r.error)
      throw fail(
        `Problem occured when trying to run the password script ${file} (${r.error.message}). If this is not a script, remove the executable bit from the file.`,
      );
    if (r.status !== 0)
      throw fail(`The password script ${file} returned an error (rc=${r.status}): ${r.stderr}`);
    secret = r.stdout;
  } else {
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw fail(`Could not read password file ${file}: ${(err as Error).message}`);
    }
  }
  secret = secret.replace(/^[\r\n]+|[\r\n]+$/g, '');
  if (secret === '') throw fail(`Empty password was provided from file (${file})`);
  return secret;
}

/** -K or --become-password-file (commander refuses both at once, as argparse does). */
export async function loadBecomePassword(flags: BecomePasswordFlags): Promise<string | undefined> {
  return (await loadPasswords(flags)).become;
}

export interface PasswordFlags extends BecomePasswordFlags {
  askPass?: boolean;
  connectionPasswordFile?: string;
}

/**
 * Ansible's CLI.ask_passwords: the connection (ssh) password first (-k asks "SSH password: ",
 * or --connection-password-file), then the become password, whose question under -k says
 * an empty answer takes the SSH password.
 */
export async function loadPasswords(flags: PasswordFlags): Promise<{ connection?: string; become?: string }> {
  let connection: string | undefined;
  let becomePrompt = 'BECOME password: ';
  if (flags.askPass) {
    // Ansible: an empty answer or end of input is no password.
    connection = (await readSecret('SSH password: ')) || undefined;
    becomePrompt = 'BECOME password[defaults to SSH password]: ';
  } else if (flags.connectionPasswordFile !== undefined)
    connection = readPasswordFile(flags.connectionPasswordFile, '--connection-password-file');
  let become: string | undefined;
  if (flags.askBecomePass) {
    const answer = await readSecret(becomePrompt);
    become = answer ? answer : flags.askPass ? connection : undefined;
  } else if (flags.becomePasswordFile !== undefined) become = readPasswordFile(flags.becomePasswordFile);
  return { connection, become };
}
