/**
 * Host-key policy: decides, for one server key blob, whether to trust it under the
 * `hostKeyChecking` mode, and builds the error (with fingerprint and the fix) if not.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { FlotillaError } from '../errors/index.js';
import {
  entryMatchesHost,
  fingerprintSha256,
  formatKnownHostsLine,
  hostKeyAlgorithmsFor,
  hostLookupName,
  type KnownHostEntry,
  keyTypeOfBlob,
  loadKnownHosts,
} from './known-hosts.js';
import type { ConnectionParams } from './transport.js';

export type HostKeyParams = Pick<
  ConnectionParams,
  'host' | 'address' | 'port' | 'hostKeyChecking' | 'knownHostsFiles'
>;

export type HostKeyVerdict = { ok: true; appendedTo?: string } | { ok: false; error: FlotillaError };

/** Entries for this host (marker-less and @revoked), loaded once per connection attempt. */
export function entriesForHost(params: HostKeyParams): KnownHostEntry[] {
  const name = hostLookupName(params.address, params.port);
  return loadKnownHosts(params.knownHostsFiles).filter(
    (e) => e.marker !== 'cert-authority' && (e.marker === 'revoked' || entryMatchesHost(e, name)),
  );
}

/**
 * Host-key algorithms to prefer so the server shows the key type we already know
 * (OpenSSH does the same; otherwise a host known by its RSA key looks "changed" when
 * the server offers ed25519 first).
 */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostEntry[]): string[] {
  const types = [...new Set(entries.filter((e) => !e.marker).map((e) => e.keyType))];
  return types.flatMap(hostKeyAlgorithmsFor);
}

export function checkHostKey(
  params: HostKeyParams,
  blob: Buffer,
  entries: readonly KnownHostEntry[],
): HostKeyVerdict {
  if (params.hostKeyChecking === 'off') return { ok: true };
  const name = hostLookupName(params.address, params.port);
  const fingerprint = fingerprintSha256(blob);
  const keyType = keyTypeOfBlob(blob);
  if (entries.some((e) => e.marker === 'revoked' && e.key.equals(blob))) {
    return {
      ok: false,
      error: new FlotillaError(
        'FLT_CONN_HOST_KEY_REVOKED',
        `Host key for ${name} (${keyType} ${fingerprint}) is marked as revoked in ${entries.find((e) => e.marker === 'revoked' && e.key.equals(blob))?.file}.`,
        { host: params.host, hint: 'this key must not be trusted; contact whoever administers the host' },
      ),
    };
  }
  const known = entries.filter((e) => !e.marker);
  if (known.some((e) => e.key.equals(blob))) return { ok: true };
  const sameType = known.find((e) => e.keyType === keyType);
  if (sameType) {
    return {
      ok: false,
      error: new FlotillaError(
        'FLT_CONN_HOST_KEY_CHANGED',
        `REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}! The ${keyType} key sent by the server has fingerprint ${fingerprint}, which does not match ${sameType.file}:${sameType.line}.`,
        {
          host: params.host,
          hint: `if the host was legitimately reinstalled, remove the old key with: ssh-keygen -R '${name}'${sameType.file.endsWith('/.ssh/known_hosts') ? '' : ` -f ${sameType.file}`}`,
        },
      ),
    };
  }
  if (params.hostKeyChecking === 'accept-new') {
    const file = params.knownHostsFiles[0];
    if (file && file !== '/dev/null') {
      mkdirSync(path.dirname(file), { recursive: true });
      // One short O_APPEND write: atomic enough for concurrent appenders.
      appendFileSync(file, formatKnownHostsLine(name, blob));
      return { ok: true, appendedTo: file };
    }
    return { ok: true };
  }
  const port = params.port === 22 ? '' : `-p ${params.port} `;
  return {
    ok: false,
    error: new FlotillaError(
      'FLT_CONN_HOST_KEY_UNKNOWN',
      `Host key verification failed: the authenticity of host '${name}' can't be established. ${keyType} key fingerprint is ${fingerprint}. It is not in ${params.knownHostsFiles.join(' or ') || 'any known_hosts file'}.`,
      {
        host: params.host,
        hint: `after checking the fingerprint, add the key with: ssh-keyscan ${port}${params.address} >> ~/.ssh/known_hosts (or disable checking with ANSIBLE_HOST_KEY_CHECKING=False)`,
      },
    ),
  };
}
