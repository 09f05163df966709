/**
 * A `!vault` value that no secret of the run opens. Ansible keeps such a value encrypted
 * (AnsibleVaultEncryptedUnicode) and fails only the task that uses it; we keep its vault
 * text behind a private marker, so it survives structured clone to the workers as a plain
 * string, and the templar refuses to hand it out (secrets.ts openSealedVault). It must never be
 * used as its own ciphertext.
 */
/** NUL never occurs in YAML text, so no loaded string can start with this by accident. */
const MARKER = '\u0000flotilla-sealed-vault\u0000';

export function sealVaultText(text: string): string {
  return MARKER + text;
}

export function isSealedVault(value: unknown): value is string {
  return typeof value === 'string' && value.charCodeAt(0) === 0 && value.startsWith(MARKER);
}

/** The vault text of a sealed value (for ansible-inventory's output), else undefined. */
export function sealedVaultText(value: unknown): string | undefined {
  return isSealedVault(value) ? value.slice(MARKER.length) : undefined;
}
