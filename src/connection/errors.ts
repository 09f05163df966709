/**
 * The one place where ssh2 and socket errors become FlotillaError codes. ssh2 tags its
 * errors with `level` (client-socket, client-timeout, client-authentication, protocol,
 * client-dns); sockets add errno codes. Messages follow Ansible's unreachable wording so
 * people can search for them.
 */
import { FlotillaError } from '../errors/index.js';

export interface ErrorTarget {
  host: string;
  address: string;
  port: number;
  user: string;
  /** Set when a password was offered (only its presence is read, for the hint). */
  password?: string;
}

interface Ssh2LikeError {
  message?: string;
  level?: string;
  code?: string;
}

const VIA_SSH = 'Failed to connect to the host via ssh:';

function connectPrefix(t: ErrorTarget): string {
  return `${VIA_SSH} ssh: connect to host ${t.address} port ${t.port}`;
}

/** Translates any error raised while connecting or talking to a host. Idempotent. */
export function translateSshError(err: unknown, target: ErrorTarget): FlotillaError {
  if (err instanceof FlotillaError) return err;
  const e = (err ?? {}) as Ssh2LikeError;
  const message = e.message ?? String(err);
  const code = e.code ?? '';
  const opts = { host: target.host, cause: err };
  if (code === 'ECONNREFUSED') {
    return new FlotillaError('FLT_CONN_REFUSED', `${connectPrefix(target)}: Connection refused`, {
      ...opts,
      hint: `nothing listens on ${target.address}:${target.port}; check that sshd runs there and ansible_port is right`,
    });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new FlotillaError('FLT_CONN_UNREACHABLE', `${connectPrefix(target)}: No route to host`, {
      ...opts,
      hint: 'check the address (ansible_host) and the network path to it',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || e.level === 'client-dns') {
    return new FlotillaError(
      'FLT_CONN_DNS',
      `${VIA_SSH} ssh: Could not resolve hostname ${target.address}: Name or service not known`,
      { ...opts, hint: 'set ansible_host to a resolvable name or an IP address' },
    );
  }
  if (code === 'ETIMEDOUT' || e.level === 'client-timeout') {
    const what = /keepalive/i.test(message) ? 'Connection timed out (keepalive)' : 'Connection timed out';
    return new FlotillaError('FLT_CONN_TIMEOUT', `${connectPrefix(target)}: ${what}`, {
      ...opts,
      hint: 'the host did not answer in time; raise ansible_ssh_timeout / --timeout or check the host is up',
    });
  }
  if (e.level === 'client-authentication') {
    return new FlotillaError(
      'FLT_CONN_AUTH',
      `${VIA_SSH} ${target.user}@${target.address}: Permission denied (${message}).`,
      {
        ...opts,
        hint:
          target.password !== undefined
            ? 'check ansible_user and ansible_password (ansible_ssh_pass), and that sshd takes passwords'
            : 'check ansible_user, ansible_ssh_private_key_file (or ssh-agent) and that the key is in ~/.ssh/authorized_keys on the host',
      },
    );
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /not connected|No response from server|closed/i.test(message)
  ) {
    return new FlotillaError(
      'FLT_CONN_CLOSED',
      `${VIA_SSH} Connection to ${target.address} closed: ${message}`,
      {
        ...opts,
        hint: 'the server closed the connection; check sshd logs (MaxStartups, MaxSessions) on the host',
      },
    );
  }
  if (e.level === 'protocol' || e.level === 'handshake') {
    return new FlotillaError(
      'FLT_CONN_PROTOCOL',
      `${VIA_SSH} ssh protocol error with ${target.address}: ${message}`,
      {
        ...opts,
        hint: 'the server speaks a protocol or algorithms this client does not; check it is an SSH server',
      },
    );
  }
  return new FlotillaError('FLT_CONN_FAILED', `${VIA_SSH} ${target.address}: ${message}`, opts);
}

/**
 * A command ran longer than its timeout and was killed. The text does not quote the command:
 * it may hold secrets (the executor words a task's timeout as Ansible does).
 */
export function commandTimeoutError(timeoutMs: number, host: string): FlotillaError {
  return new FlotillaError('FLT_CONN_COMMAND_TIMEOUT', `command timed out after ${timeoutMs} ms`, {
    host,
    hint: 'raise the task timeout or make the command finish sooner',
  });
}
