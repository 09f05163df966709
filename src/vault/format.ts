/**
 * Ansible Vault's AES256 format (parsing/vault/__init__.py): PBKDF2-SHA256 (10000 rounds) of
 * the secret and salt gives the AES-256-CTR key, the HMAC-SHA256 key and the counter; the body
 * is hex(hex(salt) \n hex(hmac) \n hex(ciphertext)) in 80-column lines under a
 * `$ANSIBLE_VAULT;1.x;AES256[;id]` header.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const HEADER = '$ANSIBLE_VAULT';

function keys(secret: Buffer, salt: Buffer): { key: Buffer; hmacKey: Buffer; iv: Buffer } {
  const derived = pbkdf2Sync(secret, salt, 10000, 80, 'sha256');
  return { key: derived.subarray(0, 32), hmacKey: derived.subarray(32, 64), iv: derived.subarray(64, 80) };
}

/** VaultLib.encrypt with VaultAES256; a vault id other than `default` makes it format 1.2. */
export function vaultEncrypt(
  plaintext: string,
  secret: string,
  salt: string | null,
  vaultId: string,
): string {
  const saltBytes = salt === null ? randomBytes(32) : Buffer.from(salt, 'utf8');
  const { key, hmacKey, iv } = keys(Buffer.from(secret, 'utf8'), saltBytes);
  const data = Buffer.from(plaintext, 'utf8');
  const pad = 16 - (data.length % 16);
  const padded = Buffer.concat([data, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
  const hmac = createHmac('sha256', hmacKey).update(ciphertext).digest('hex');
  const inner = `${saltBytes.toString('hex')}\n${hmac}\n${ciphertext.toString('hex')}`;
  const body = Buffer.from(inner, 'utf8').toString('hex');
  const header =
    vaultId && vaultId !== 'default' ? `${HEADER};1.2;AES256;${vaultId}` : `${HEADER};1.1;AES256`;
  const lines = [header];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  return `${lines.join('\n')}\n`;
}

export function isVaultText(text: string): boolean {
  return text.startsWith(`${HEADER};`);
}

/** binascii.unhexlify, with its error texts. */
function unhex(text: string): Buffer {
  if (text.length % 2) throw new Error('Odd-length string');
  if (/[^0-9a-fA-F]/.test(text)) throw new Error('Non-hexadecimal digit found');
  return Buffer.from(text, 'hex');
}

/**
 * Ansible's AnsibleVaultFormatError text for vault text whose body is not what
 * `_parse_vaulttext` can split (garbled hex, missing parts), else undefined.
 */
export function vaultFormatProblem(vaulttext: string): string | undefined {
  const [, ...lines] = vaulttext.trim().split(/\r?\n/);
  const parts = (text: string) => text.split('\n');
  try {
    const inner = unhex(lines.map((l) => l.trim()).join('')).toString('latin1');
    const fields = parts(inner);
    if (fields.length < 3)
      return `Vault vaulttext format error: not enough values to unpack (expected 3, got ${fields.length})`;
    unhex(fields[0]);
    unhex(fields.slice(2).join('\n'));
    return undefined;
  } catch (err) {
    return `Vault format unhexlify error: ${(err as Error).message}`;
  }
}

/** The plaintext, or null when the secret does not decrypt it (HMAC mismatch, bad format). */
export function vaultDecrypt(vaulttext: string, secret: string): string | null {
  try {
    const [, ...lines] = vaulttext.trim().split(/\r?\n/);
    const inner = unhex(lines.join('').trim()).toString('latin1');
    const [saltHex, hmacHex, cipherHex] = inner.split('\n', 3);
    const salt = unhex(saltHex);
    const ciphertext = unhex(cipherHex);
    const { key, hmacKey, iv } = keys(Buffer.from(secret, 'utf8'), salt);
    const expected = createHmac('sha256', hmacKey).update(ciphertext).digest();
    const got = unhex(hmacHex);
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
    const decipher = createDecipheriv('aes-256-ctr', key, iv);
    const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    const pad = padded[padded.length - 1];
    return padded.subarray(0, padded.length - pad).toString('utf8');
  } catch {
    return null;
  }
}
