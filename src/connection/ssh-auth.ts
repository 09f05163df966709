/**
 * Builds ssh2's authentication sequence from ConnectionParams, in OpenSSH's order:
 * the configured identity file, then ssh-agent keys, then keyboard-interactive and
 * password (answered with the password). Key problems are reported before any network I/O.
 */
import { readFileSync, statSync } from 'node:fs';
import type { ParsedKey } from 'ssh2';
import { FlotillaError } from '../errors/index.js';
import { ssh2 } from './ssh2-lib.js';
import type { ConnectionParams } from './transport.js';

export type AuthStep =
  | { type: 'publickey'; username: string; key: ParsedKey }
  | { type: 'agent'; username: string; agent: string }
  | {
      type: 'keyboard-interactive';
      username: string;
      prompt: (
        name: string,
        instr: string,
        lang: string,
        prompts: unknown[],
        finish: (r: string[]) => void,
      ) => void;
    }
  | { type: 'password'; username: string; password: string };

type AuthParams = Pick<
  ConnectionParams,
  'host' | 'user' | 'privateKeyFile' | 'passphrase' | 'password' | 'agent'
>;

/**
 * Keys already read and decrypted in this thread, by file, mtime, size and passphrase: a
 * worker connects hundreds of hosts with the same key (a pure memo; a changed file is read again).
 */
const parsedKeys = new Map<string, ParsedKey>();

/**
 * Reads and decrypts the key once, before any network I/O, so a wrong or missing
 * passphrase is a clear error (and the slow bcrypt KDF runs only once).
 */
function loadKey(p: AuthParams, file: string, haveAlternatives: boolean): ParsedKey | undefined {
  let key: Buffer;
  let cacheKey: string;
  try {
    const { mtimeMs, size } = statSync(file);
    cacheKey = `${file}\0${mtimeMs}\0${size}\0${p.passphrase ?? ''}`;
    const cached = parsedKeys.get(cacheKey);
    if (cached) return cached;
    key = readFileSync(file);
  } catch (err) {
    if (haveAlternatives) return undefined; // ssh only warns about an unreadable identity
    throw new FlotillaError(
      'FLT_CONN_KEY_FILE',
      `cannot read private key file ${file}: ${(err as Error).message}`,
      {
        host: p.host,
        cause: err,
        hint: 'check ansible_ssh_private_key_file (or --private-key) and its permissions',
      },
    );
  }
  const parsed = ssh2().utils.parseKey(key, p.passphrase);
  if (parsed instanceof Error) {
    if (/passphrase/i.test(parsed.message)) {
      throw new FlotillaError(
        'FLT_CONN_KEY_PASSPHRASE',
        p.passphrase
          ? `wrong passphrase for private key ${file}`
          : `private key ${file} is encrypted and no passphrase was given`,
        {
          host: p.host,
          cause: parsed,
          hint: 'load the key into ssh-agent (ssh-add) or set FLOTILLA_KEY_PASSPHRASE / ansible_private_key_passphrase',
        },
      );
    }
    throw new FlotillaError('FLT_CONN_KEY_FILE', `cannot parse private key ${file}: ${parsed.message}`, {
      host: p.host,
      cause: parsed,
      hint: 'the file must be an OpenSSH or PEM private key',
    });
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  parsedKeys.set(cacheKey, first);
  return first;
}

export function buildAuthSequence(p: AuthParams): AuthStep[] {
  const username = p.user;
  const steps: AuthStep[] = [];
  const haveAlternatives = Boolean(p.agent || p.password);
  if (p.privateKeyFile) {
    const key = loadKey(p, p.privateKeyFile, haveAlternatives);
    if (key) steps.push({ type: 'publickey', username, key });
  }
  if (p.agent) steps.push({ type: 'agent', username, agent: p.agent });
  if (p.password !== undefined) {
    const password = p.password;
    steps.push({
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instr, _lang, prompts, finish) => finish(prompts.map(() => password)),
    });
    steps.push({ type: 'password', username, password });
  }
  if (steps.length === 0) {
    throw new FlotillaError('FLT_CONN_AUTH', `no way to authenticate to ${p.host} as ${username}`, {
      host: p.host,
      hint: 'set ansible_ssh_private_key_file, start ssh-agent (SSH_AUTH_SOCK) or set ansible_password',
    });
  }
  return steps;
}
