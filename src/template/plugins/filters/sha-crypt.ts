/**
 * SHA-crypt ($5$ / $6$), the glibc crypt(3) algorithm by Ulrich Drepper, as Python's
 * crypt module and passlib produce it. Spec: https://www.akkadia.org/drepper/SHA-crypt.txt
 */
import { createHash } from 'node:crypto';

const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DEFAULT_ROUNDS = 5000;

type Algorithm = 'sha256' | 'sha512';

const SPECS: Record<
  Algorithm,
  { id: string; triples: number[][]; tail: (c: Buffer) => [number, number, number, number] }
> = {
  sha512: {
    id: '6',
    triples: Array.from({ length: 21 }, (_, i) =>
      [0, 1, 2].map((k) => [i, i + 21, i + 42][(k + (i % 3)) % 3]),
    ),
    tail: (c) => [0, 0, c[63], 2],
  },
  sha256: {
    id: '5',
    triples: Array.from({ length: 10 }, (_, i) =>
      [0, 1, 2].map((k) => [i, i + 10, i + 20][(k + 3 - (i % 3)) % 3]),
    ),
    tail: (c) => [0, c[31], c[30], 3],
  },
};

function digest(alg: Algorithm, ...parts: Buffer[]): Buffer {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = block[i % block.length];
  return out;
}

function encode24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ALPHABET[w & 0x3f];
    w >>= 6;
  }
  return out;
}

export function shaCrypt(alg: Algorithm, password: string, salt: string, rounds?: number): string {
  const spec = SPECS[alg];
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const n = rounds === undefined ? DEFAULT_ROUNDS : Math.min(999_999_999, Math.max(1000, Math.trunc(rounds)));
  const b = digest(alg, p, s, p);
  const aParts = [p, s, repeatTo(b, p.length)];
  for (let len = p.length; len > 0; len >>= 1) aParts.push(len & 1 ? b : p);
  const a = digest(alg, ...aParts);
  const pBytes = repeatTo(digest(alg, ...Array(p.length).fill(p)), p.length);
  const sBytes = repeatTo(digest(alg, ...Array(16 + a[0]).fill(s)), s.length);
  let c = a;
  for (let i = 0; i < n; i++) {
    const parts: Buffer[] = [i & 1 ? pBytes : c];
    if (i % 3) parts.push(sBytes);
    if (i % 7) parts.push(pBytes);
    parts.push(i & 1 ? c : pBytes);
    c = digest(alg, ...parts);
  }
  let encoded = '';
  for (const [x, y, z] of spec.triples) encoded += encode24(c[x], c[y], c[z], 4);
  encoded += encode24(...spec.tail(c));
  const roundsPart = rounds === undefined ? '' : `rounds=${n}$`;
  return `$${spec.id}$${roundsPart}${s.toString('utf8')}$${encoded}`;
}

export function randomSalt(length: number, randomBytes: (n: number) => Buffer): string {
  return [...randomBytes(length)].map((byte) => ALPHABET[byte & 0x3f]).join('');
}
