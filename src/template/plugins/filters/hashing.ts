/** Digests, password hashes and name-based UUIDs. */
import { createHash, randomBytes } from 'node:crypto';
import { pyStr } from '../../../python/repr.js';
import { isNone } from '../../../python/values.js';
import { def, type FilterDef, filterError } from '../../runtime/define.js';
import { LruCache } from '../../runtime/lru.js';
import { randomSalt, shaCrypt } from './sha-crypt.js';

const HASH_NAMES: Record<string, string> = {
  sha1: 'sha1',
  md5: 'md5',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};
const ANSIBLE_UUID_NAMESPACE = '361E6D51-FAEC-444A-9079-341386DA8E2E';

export function hexDigest(algorithm: string, data: string): string {
  const name = HASH_NAMES[algorithm];
  if (!name) throw filterError('hash', `unsupported hash type '${algorithm}'`);
  return createHash(name).update(data, 'utf8').digest('hex');
}

/** RFC 4122 version 5 UUID (Python's uuid.uuid5). */
export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const IMPLICIT_ROUNDS = { sha512: 656_000, sha256: 535_000 };

/**
 * Hundreds of thousands of rounds take seconds, and a play hashes the same password with
 * the same salt on every host: remember recent answers (per worker thread).
 */
const shaCryptMemo = new LruCache<string, string>(64);

function memoShaCrypt(alg: 'sha512' | 'sha256', password: string, salt: string, rounds: number): string {
  const key = `${alg}\0${rounds}\0${salt}\0${password}`;
  let out = shaCryptMemo.get(key);
  if (out === undefined) {
    out = shaCrypt(alg, password, salt, rounds);
    shaCryptMemo.set(key, out);
  }
  return out;
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  hash: def(['hashtype'], (value, [hashtype = 'sha1']) => hexDigest(hashtype, pyStr(value))),
  md5: def([], (value) => hexDigest('md5', pyStr(value))),
  sha1: def([], (value) => hexDigest('sha1', pyStr(value))),
  checksum: def([], (value) => hexDigest('sha1', pyStr(value))),
  password_hash: def(
    ['hashtype', 'salt', 'salt_size', 'rounds', 'ident'],
    (value, [hashtype = 'sha512', salt, saltSize = 16, rounds]) => {
      const alg =
        hashtype === 'sha512' || hashtype === 'sha512_crypt'
          ? 'sha512'
          : hashtype === 'sha256' || hashtype === 'sha256_crypt'
            ? 'sha256'
            : undefined;
      if (!alg)
        throw filterError('password_hash', `unsupported hash type '${hashtype}' (supported: sha512, sha256)`);
      const s = isNone(salt) ? randomSalt(saltSize, randomBytes) : pyStr(salt);
      // Ansible with passlib (a dependency of Debian's ansible-core) hashes with the
      // algorithm's implicit rounds; passlib writes `rounds=` unless it is crypt's 5000.
      const n = isNone(rounds) ? IMPLICIT_ROUNDS[alg] : Number(rounds);
      return memoShaCrypt(alg, pyStr(value), s, n).replace('$rounds=5000$', '$');
    },
  ),
  to_uuid: def(['namespace'], (value, [namespace = ANSIBLE_UUID_NAMESPACE]) =>
    uuid5(pyStr(namespace), pyStr(value)),
  ),
};
