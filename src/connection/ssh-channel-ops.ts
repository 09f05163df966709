/**
 * Small promise wrappers around ssh2 calls used by SshTransport: the keepalive ping,
 * the sftp subsystem and its whole-file read/write.
 */
import type ssh2 from 'ssh2';
import type { ClientChannel, SFTPWrapper } from 'ssh2';

interface ClientInternals {
  _protocol?: { ping?: () => void };
  _callbacks?: ((err?: unknown) => void)[];
}

/**
 * Sends `keepalive@openssh.com` (the global request ssh2's own keepalive uses) and
 * waits for any reply: success and failure both prove a round trip. Costs no channel.
 * Returns undefined when ssh2's internals are not as expected, so callers can fall back.
 */
export function pingServer(client: ssh2.Client, timeoutMs: number): Promise<boolean> | undefined {
  const internals = client as unknown as ClientInternals;
  const proto = internals._protocol;
  const callbacks = internals._callbacks;
  if (!proto || typeof proto.ping !== 'function' || !Array.isArray(callbacks)) return undefined;
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => settle(false), timeoutMs);
    function settle(alive: boolean) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(alive);
    }
    // Global-request replies arrive in order; ssh2 answers a close with an Error.
    callbacks.push((err?: unknown) => settle(!(err instanceof Error)));
    try {
      proto.ping!();
    } catch {
      settle(false);
    }
  });
}

export function openSftp(client: ssh2.Client): Promise<SFTPWrapper | null> {
  return new Promise((resolve) => {
    try {
      client.sftp((err, sftp) => resolve(err ? null : sftp));
    } catch {
      resolve(null);
    }
  });
}

export async function sftpWrite(
  sftp: SFTPWrapper,
  remotePath: string,
  content: string | Buffer,
  mode?: number,
): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    sftp.writeFile(remotePath, content, mode === undefined ? {} : { mode }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  // writeFile's mode applies only when it creates the file.
  if (mode !== undefined) {
    await new Promise<void>((resolve, reject) =>
      sftp.chmod(remotePath, mode, (err) => (err ? reject(err) : resolve())),
    );
  }
}

export function sftpRead(sftp: SFTPWrapper, remotePath: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    sftp.readFile(remotePath, (err, data) => (err ? reject(err) : resolve(data))),
  );
}

/** Asks the remote side to kill the command, then closes the channel. */
export function closeChannelQuietly(channel: ClientChannel): void {
  try {
    channel.signal('KILL');
  } catch {}
  try {
    channel.close();
  } catch {}
}
