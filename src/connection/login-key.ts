/** Keys naming a connection (the pool's) and how it logs in (pre-connection's). */
import { createHash } from 'node:crypto';
import type { ConnectionParams } from './transport.js';

/** The connection pool key. */
export function connectionKey(p: Pick<ConnectionParams, 'connection' | 'user' | 'address' | 'port'>): string {
  return p.connection === 'local' ? 'local' : `${p.user}@${p.address}:${p.port}`;
}

/** A digest of how a connection logs in (keys, password, host key checks): secrets stay out of it. */
export function loginSettings(p: ConnectionParams): string {
  const { privateKeyFile, passphrase, password, hostKeyChecking, knownHostsFiles, connectTimeoutMs } = p;
  return createHash('sha256')
    .update(
      JSON.stringify([
        privateKeyFile,
        passphrase,
        password,
        hostKeyChecking,
        knownHostsFiles,
        connectTimeoutMs,
      ]),
    )
    .digest('hex');
}

/** Which connection a login makes: the pool key and how it logs in. */
export function loginKey(p: ConnectionParams): string {
  return `${connectionKey(p)}#${loginSettings(p)}`;
}
