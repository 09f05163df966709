/**
 * OpenSSH known_hosts files: parsing and host matching. Supports plain names,
 * `[host]:port`, comma lists, wildcards (`*`, `?`), negation (`!`), hashed entries
 * (`|1|salt|hash`, HMAC-SHA1 of the lookup name) and the `@revoked` /
 * `@cert-authority` markers (certificates are not supported, so CA lines never vouch
 * for a key; revoked lines are reported so the caller can refuse).
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { appendAll } from '../collections/append-all.js';

export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written (comma list or a hashed `|1|…` token). */
  hosts: string;
  keyType: string;
  /** The raw public key blob (base64-decoded). */
  key: Buffer;
  file: string;
  line: number;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function hostLookupName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') continue; // unknown marker: ignore the line, as OpenSSH does
      marker = name;
    }
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) continue;
    entries.push({ marker, hosts, keyType, key: Buffer.from(b64, 'base64'), file, line: i + 1 });
  }
  return entries;
}

/**
 * Parsed files, keyed by path and revalidated by size and mtime. A worker connects to
 * hundreds of hosts against the same known_hosts: parsing it once per connection made
 * connecting quadratic in the fleet size. (A pure memo: a changed file is read again.)
 */
const parsedFiles = new Map<string, { size: number; mtimeMs: number; entries: KnownHostEntry[] }>();

/** Reads and parses every file that exists; missing files are simply empty. */
export function loadKnownHosts(files: readonly string[]): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const file of files) {
    if (file === '/dev/null' || !existsSync(file)) continue;
    const { size, mtimeMs } = statSync(file);
    let cached = parsedFiles.get(file);
    if (!cached || cached.size !== size || cached.mtimeMs !== mtimeMs) {
      cached = { size, mtimeMs, entries: parseKnownHosts(readFileSync(file, 'utf8'), file) };
      parsedFiles.set(file, cached);
    }
    appendAll(out, cached.entries);
  }
  return out;
}

const wildcardCache = new Map<string, RegExp>();

function wildcardToRegExp(pattern: string): RegExp {
  let re = wildcardCache.get(pattern);
  if (re) return re;
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  re = new RegExp(`^${body}$`, 'i');
  if (wildcardCache.size < 10_000) wildcardCache.set(pattern, re);
  return re;
}

/** One known_hosts host pattern against a name: plain names compare without a regex. */
function patternMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.toLowerCase() === name.toLowerCase();
  return wildcardToRegExp(pattern).test(name);
}

function hashedMatches(token: string, lookupName: string): boolean {
  const parts = token.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const expected = createHmac('sha1', salt).update(lookupName).digest('base64');
  return expected === parts[3];
}

/** True when the entry's host field names `lookupName` (negations win over matches). */
export function entryMatchesHost(entry: Pick<KnownHostEntry, 'hosts'>, lookupName: string): boolean {
  if (entry.hosts.startsWith('|')) return hashedMatches(entry.hosts, lookupName);
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    if (pattern === '') continue;
    const negated = pattern.startsWith('!');
    if (patternMatches(negated ? pattern.slice(1) : pattern, lookupName)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The key type named inside a public key blob (its first SSH string). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:…` exactly as OpenSSH prints it (base64, no padding). */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function formatKnownHostsLine(lookupName: string, blob: Buffer): string {
  return `${lookupName} ${keyTypeOfBlob(blob)} ${blob.toString('base64')}\n`;
}

/** ssh2 host-key algorithm names that produce keys of a known_hosts key type. */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}
