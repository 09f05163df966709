/**
 * The become command line and what its output looks like, as Ansible 2.14's become plugins
 * (plugins/become/sudo.py, su.py) build them: a fresh random id per command names the
 * success marker (`BECOME-SUCCESS-<id>`, echoed by the become user's shell first) and sudo's
 * prompt (`-p "[sudo via ansible, key=<id>] password:"`, only with a password, when sudo's
 * `-n` is dropped). The password itself goes to the command's stdin (see
 * connection/escalation.ts), never into this command line.
 */
import { randomInt } from 'node:crypto';
import { quote } from '../../connection/shell-quote.js';
import type { Escalation } from '../../connection/transport.js';
import { shlexSplit } from '../../python/shlex.js';
import type { BecomeSpec } from '../types.js';

/** Ansible's _gen_id: 32 random lowercase letters. */
function becomeId(): string {
  let id = '';
  for (let i = 0; i < 32; i++) id += String.fromCharCode(97 + randomInt(26));
  return id;
}

const SUDO_DEFAULT_FLAGS = '-H -S -n';
/** su's prompt in the languages Ansible knows (su.py SU_PROMPT_LOCALIZATIONS). */
const SU_PROMPTS = [
  'Password',
  '암호',
  'パスワード',
  'Adgangskode',
  'Contraseña',
  'Contrasenya',
  'Hasło',
  'Heslo',
  'Jelszó',
  'Lösenord',
  'Mật khẩu',
  'Mot de passe',
  'Parola',
  'Parool',
  'Pasahitza',
  'Passord',
  'Passwort',
  'Salasana',
  'Sandi',
  'Senha',
  'Wachtwoord',
  'ססמה',
  'Лозинка',
  'Парола',
  'Пароль',
  'गुप्तशब्द',
  'शब्दकूट',
  'సంకేతపదము',
  'හස්පදය',
  '密码',
  '密碼',
  '口令',
];
// Python's bytes \w is ASCII; the colon may be the fullwidth one.
const SU_PROMPT = new RegExp(`^(?:(?:[A-Za-z0-9_]+'s )?(?:${SU_PROMPTS.join('|')})) ?(?::|：) ?`, 'i');

/** sudo's flags without -n when a password will answer the prompt (sudo.py's reflag). */
function sudoFlagsForPassword(flags: string): string {
  const kept: string[] = [];
  for (const flag of shlexSplit(flags, { anyWhitespace: true })) {
    if (flag === '-n' || flag === '--non-interactive') continue;
    kept.push(flag.startsWith('--') ? flag : flag.replace(/^(-\w*)n(\w*.*)/, '$1$2'));
  }
  return kept.map(quote).join(' ');
}

export interface BecomeCommand {
  /** The command line to run as the connection user. */
  command: string;
  escalation: Escalation;
}

/**
 * Wraps shell text so it runs as the become user, after echoing the success marker. sudo
 * runs it through /bin/sh; su in the user's own shell, as flotilla's su always has.
 */
export function becomeCommand(command: string, become: BecomeSpec): BecomeCommand {
  const id = becomeId();
  const success = `BECOME-SUCCESS-${id}`;
  const body = `echo ${success}; ${command}`;
  const password = become.password ? become.password : undefined;
  if (become.method === 'su') {
    return {
      command: `${become.exe ?? 'su'} ${become.flags ?? ''} ${quote(become.user)} -c ${quote(body)}`.replace(
        /\s+/g,
        ' ',
      ),
      escalation: {
        method: 'su',
        success,
        password,
        prompts: true,
        isPrompt: (line) => SU_PROMPT.test(line),
        incorrect: ['Authentication failure'],
        missing: [],
      },
    };
  }
  const prompt = `[sudo via ansible, key=${id}] password:`;
  let flags = become.flags ?? SUDO_DEFAULT_FLAGS;
  if (password) flags = `${sudoFlagsForPassword(flags)} -p "${prompt}"`;
  return {
    command: `${become.exe ?? 'sudo'} ${flags} -u ${quote(become.user)} /bin/sh -c ${quote(body)}`,
    escalation: {
      method: 'sudo',
      success,
      password,
      prompts: password !== undefined,
      isPrompt: (line) => line.trim().startsWith(prompt),
      incorrect: ['Sorry, try again.'],
      missing: ['Sorry, a password is required to run sudo', 'sudo: a password is required'],
    },
  };
}
