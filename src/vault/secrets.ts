/**
 * The run's vault secrets, as Ansible's loader holds them: set once per thread (the CLI on
 * the main thread, each host worker from its init message) and used wherever controller
 * files or `!vault` values are read. Vaulted files and values are decrypted when they are
 * loaded; a `!vault` value with no secret to open it stays sealed (sealed.ts) until used.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { FlotillaError } from '../errors/index.js';
import { isVaultText, vaultDecrypt, vaultFormatProblem } from './format.js';
import { sealedVaultText, sealVaultText } from './sealed.js';

export interface VaultSecret {
  /** The vault id label (`default` when none was given). */
  label: string;
  secret: string;
}

let secrets: readonly VaultSecret[] = [];

export function setVaultSecrets(list: readonly VaultSecret[]): void {
  secrets = [...list];
}

export function vaultSecrets(): readonly VaultSecret[] {
  return secrets;
}

/** Vault text opened with the first secret that fits (VaultLib.decrypt's order). */
export function decryptVault(text: string, source?: string): string {
  const where = source ? ` on ${source}` : '';
  if (secrets.length === 0) {
    throw new FlotillaError('FLT_VAULT', `Attempting to decrypt but no vault secrets found`, {
      hint: 'pass --vault-password-file FILE, --vault-id [label@]FILE or --ask-vault-pass',
    });
  }
  const problem = vaultFormatProblem(text);
  if (problem) throw new FlotillaError('FLT_VAULT', problem + where);
  for (const { secret } of secrets) {
    const plain = vaultDecrypt(text, secret);
    if (plain !== null) return plain;
  }
  throw new FlotillaError(
    'FLT_VAULT',
    `Decryption failed (no vault secrets were found that could decrypt)${where}`,
    { hint: 'check the vault password (file) given for this run' },
  );
}

/**
 * A `!vault` scalar: its plaintext, or the sealed vault text when no secret opens it. Ansible
 * decrypts these only when they are used, so a value no secret fits must not fail the file's
 * loading; the task that uses it fails (templar, openSealedVault).
 */
export function vaultValue(text: string): string {
  for (const { secret } of secrets) {
    const plain = vaultDecrypt(text, secret);
    if (plain !== null) return plain;
  }
  return sealVaultText(text);
}

/** A controller file's text, decrypted when the whole file is vaulted (DataLoader). */
export function readControllerText(file: string): string {
  const text = readFileSync(file, 'utf8');
  return isVaultText(text) ? decryptVault(text, file) : text;
}

/** A controller file's bytes, decrypted when the file is vaulted (copy's `decrypt`). */
export async function readControllerBytes(file: string): Promise<Buffer> {
  const data = await readFile(file);
  if (!isVaultText(data.subarray(0, 16).toString('latin1'))) return data;
  return Buffer.from(decryptVault(data.toString('utf8'), file), 'utf8');
}

/**
 * Using a sealed value (sealed.ts): decrypts it with the run's secrets, which fails with
 * Ansible's "Attempting to decrypt but no vault secrets found" / "Decryption failed …" text.
 */
export function openSealedVault(value: string): string {
  return decryptVault(sealedVaultText(value) ?? value);
}
