/**
 * The password lookup: a random password, kept in a file on the controller (read back on
 * later runs) unless the path is /dev/null. `encrypt` and `seed` are not supported.
 */
import { randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pyStr } from '../../../python/repr.js';
import { parseKv } from '../../../text/split-args.js';
import { ansibleError, type LookupPlugin } from './plugin.js';
import { baseDir } from './search-path.js';

const VALID_PARAMS = new Set(['length', 'encrypt', 'chars', 'ident', 'seed']);

/** Python's string module constants the `chars` option can name. */
const LETTERS_LOWER = 'abcdefghijklmnopqrstuvwxyz';
const LETTERS_UPPER = LETTERS_LOWER.toUpperCase();
const STRING_CONSTANTS: Record<string, string> = {
  ascii_letters: LETTERS_LOWER + LETTERS_UPPER,
  ascii_lowercase: LETTERS_LOWER,
  ascii_uppercase: LETTERS_UPPER,
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  whitespace: ' \t\n\r\x0b\x0c',
};
STRING_CONSTANTS.printable = `${STRING_CONSTANTS.digits}${STRING_CONSTANTS.ascii_letters}${STRING_CONSTANTS.punctuation}${STRING_CONSTANTS.whitespace}`;

interface Params {
  relpath: string;
  length: number;
  chars: string[];
  encrypt?: string;
  seed?: string;
}

function parseParameters(term: string, kwargs: Record<string, unknown>): Params {
  const first = term.split(' ');
  let relpath = term;
  let params: Record<string, string> = {};
  if (first.length > 1) {
    relpath = first[0];
    params = parseKv(first.slice(1).join(' '));
    if ('_raw_params' in params) {
      relpath = `${relpath} ${params._raw_params}`;
      delete params._raw_params;
      if (!term.startsWith(relpath))
        throw ansibleError('Unrecognized value after key=value parameters given to password lookup');
    }
  }
  const invalid = Object.keys(params).filter((k) => !VALID_PARAMS.has(k));
  if (invalid.length)
    throw ansibleError(`Unrecognized parameter(s) given to password lookup: ${invalid.join(', ')}`);
  const lengthRaw = params.length ?? kwargs.length ?? 20;
  const length = Number(lengthRaw);
  if (!Number.isInteger(length))
    throw ansibleError(`invalid literal for int() with base 10: '${pyStr(lengthRaw)}'`);
  let chars: unknown = params.chars ?? kwargs.chars ?? ['ascii_letters', 'digits', '.,:-_'];
  if (typeof chars === 'string') {
    const list: string[] = chars.includes(',,') ? [','] : [];
    list.push(
      ...chars
        .replaceAll(',,', ',')
        .split(',')
        .filter((c) => c !== ''),
    );
    chars = list;
  }
  const encrypt = params.encrypt ?? kwargs.encrypt;
  const seed = params.seed ?? kwargs.seed;
  return {
    relpath,
    length,
    chars: (chars as unknown[]).map(pyStr),
    encrypt: encrypt == null ? undefined : pyStr(encrypt),
    seed: seed == null ? undefined : pyStr(seed),
  };
}

function candidateChars(specs: string[]): string {
  return specs
    .map((s) => STRING_CONSTANTS[s] ?? s)
    .join('')
    .replaceAll(/["']/g, '');
}

function randomPassword(length: number, chars: string): string {
  const pool = Array.from(chars);
  if (pool.length === 0) throw ansibleError('Cannot choose from an empty sequence');
  return Array.from({ length }, () => pool[randomInt(pool.length)]).join('');
}

export const password: LookupPlugin = (terms, kwargs, ctx) =>
  terms.map((raw) => {
    const params = parseParameters(pyStr(raw), kwargs);
    if (params.encrypt || params.seed)
      throw ansibleError(
        'flotilla does not support the password lookup\'s "encrypt" and "seed" parameters yet',
      );
    let file = params.relpath.startsWith('~')
      ? path.join(homedir(), params.relpath.slice(1))
      : params.relpath;
    file = path.resolve(baseDir(ctx.state.searchPath), file);
    if (file !== '/dev/null' && existsSync(file)) {
      // A stored password (a " salt=..." suffix belongs to encrypt, which we do not support).
      const content = readFileSync(file, 'utf8').trimEnd();
      const salt = content.lastIndexOf(' salt=');
      return salt >= 0 ? content.slice(0, salt) : content;
    }
    const generated = randomPassword(params.length, candidateChars(params.chars));
    if (file !== '/dev/null') {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, `${generated}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    return generated;
  });

/** The lookups of this file, by Ansible name (assembled in ../registry.ts). */
export const lookups: Readonly<Record<string, LookupPlugin>> = { password };
