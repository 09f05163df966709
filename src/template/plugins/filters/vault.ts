/** vault and unvault (plugins/filter/encryption.py), on the format in vault/format.ts. */
import { FlotillaError } from '../../../errors/index.js';
import { pyStr } from '../../../python/repr.js';
import { isNone, pyTypeName } from '../../../python/values.js';
import { isVaultText, vaultDecrypt, vaultEncrypt } from '../../../vault/format.js';
import { def, type FilterDef } from '../../runtime/define.js';

function typeFailure(message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_TYPE', message);
}

/** An AnsibleFilterError with orig_exc: Ansible appends the original message after a period. */
function wrapped(prefix: string, message: string): FlotillaError {
  return new FlotillaError('FLT_TEMPLATE_FILTER', `${prefix}: ${message}. ${message}`);
}

/** The filters of this file, by Ansible name (assembled in ../registry.ts). */
export const filters: Readonly<Record<string, FilterDef>> = {
  vault: def(
    ['secret', 'salt', 'vaultid', 'wrap_object'],
    (value, [secret, salt = null, vaultId = 'filter_default']) => {
      if (typeof secret !== 'string') {
        throw typeFailure(
          `Secret passed is required to be a string, instead we got: <class '${pyTypeName(secret)}'>`,
        );
      }
      if (typeof value !== 'string') {
        throw typeFailure(`Can only vault strings, instead we got: <class '${pyTypeName(value)}'>`);
      }
      if (!isNone(salt) && (salt === '' || salt === false)) {
        throw wrapped('Unable to encrypt', 'Empty or invalid salt passed to encrypt()');
      }
      return vaultEncrypt(value, secret, isNone(salt) ? null : pyStr(salt), pyStr(vaultId));
    },
  ),
  unvault: def(['secret', 'vaultid'], (value, [secret]) => {
    if (typeof secret !== 'string') {
      throw typeFailure(
        `Secret passed is required to be as string, instead we got: <class '${pyTypeName(secret)}'>`,
      );
    }
    if (typeof value !== 'string') {
      throw typeFailure(
        `Vault should be in the form of a string, instead we got: <class '${pyTypeName(value)}'>`,
      );
    }
    if (!isVaultText(value)) return value;
    const plain = vaultDecrypt(value, secret);
    if (plain === null) {
      throw wrapped(
        'Unable to decrypt',
        'Decryption failed (no vault secrets were found that could decrypt)',
      );
    }
    return plain;
  }),
};
