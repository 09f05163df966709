/**
 * The transport contract: everything a module may do to a host. One implementation
 * per connection type (ssh via ssh2, local via child_process), chosen by the table in
 * transports.ts. Modules see only this.
 */
import type { Readable } from 'node:stream';

export interface ExecOptions {
  /** Kill the command and fail after this many milliseconds. */
  timeoutMs?: number;
  /**
   * Bytes written to the command's standard input, then closed. A stream is piped with
   * backpressure (bounded memory however large it is); if it fails, or the command's
   * channel closes first, the stream is destroyed and the command sees its stdin close.
   */
  stdin?: string | Buffer | Readable;
  /** Extra environment, exported in front of the command (quoted). */
  env?: Record<string, string>;
  /**
   * The command escalates privileges (become): watch its output for the password prompt and
   * the success marker, answer the prompt on stdin, and send `stdin` only once escalated.
   */
  escalation?: Escalation;
}

/** What a become command prints while it escalates, and the password that answers it. */
export interface Escalation {
  /** The become method (sudo, su), for Ansible's "Incorrect sudo password". */
  method: string;
  /** Echoed by the become user's shell before the command (BECOME-SUCCESS-<random>). */
  success: string;
  /** Written (with a newline) to stdin in answer to the prompt, and never otherwise. */
  password?: string;
  /** The method prompts for a password (sudo only when given one; su always). */
  prompts: boolean;
  /** Whether an output line (complete or not) is the method's password prompt. */
  isPrompt(line: string): boolean;
  /** Output meaning the password was wrong (Ansible's `fail`) or is needed (`missing`). */
  incorrect: readonly string[];
  missing: readonly string[];
  /** Silence while escalating after which the command is ended (default: the connect timeout + 2 s, as Ansible). */
  timeoutMs?: number;
}

export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
  /** Set when the command was killed by a signal or by the timeout. */
  signal?: string;
  /** With ExecOptions.escalation: the success marker came (and was taken out of stdout). */
  escalated?: boolean;
  /** With ExecOptions.escalation: the password prompt came and the password answered it. */
  promptAnswered?: boolean;
}

export interface Transport {
  /** `user@address:port` (or `local`), the connection pool key. */
  readonly key: string;
  connect(): Promise<void>;
  /** Runs `command` through the remote user's shell (`sh -c` semantics). */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Writes a file on the host. */
  put(content: string | Buffer, remotePath: string, mode?: number): Promise<void>;
  /** Reads a file from the host. */
  get(remotePath: string): Promise<Buffer>;
  /** A cheap round trip proving the connection still works; never throws. */
  isAlive(timeoutMs?: number): Promise<boolean>;
  /**
   * Optional: the run is interrupted; kill every command running through this transport
   * (their remote process groups) and wait, bounded, for them to end. Never throws.
   */
  interruptRunning?(timeoutMs?: number): Promise<void>;
  /**
   * Optional (ssh): a long-lived command with its raw streams, on a session of its own that
   * holds one channel slot until it ends (the bridge's warm Python runner). Closing the
   * transport sends it EOF first. Transports without it are used command by command.
   */
  openStream?(command: string): Promise<RemoteStream>;
  /** Proper disconnect; resolves when the socket is closed. Idempotent. */
  close(): Promise<void>;
}

/** A long-lived command on the host (Transport.openStream). */
export interface RemoteStream {
  readonly stdout: Readable;
  readonly stderr: Readable;
  write(data: Buffer): void;
  /** EOF on the command's stdin. */
  end(): void;
  /** Closes the channel (the command sees its stdin and stdout close). */
  destroy(): void;
  /** Resolves once the channel is closed. */
  readonly closed: Promise<void>;
}

export type HostKeyChecking = 'strict' | 'accept-new' | 'off';

/** Everything needed to open a connection to one host, resolved from its variables. */
export interface ConnectionParams {
  /** Inventory name of the host. */
  host: string;
  /** The transport: a canonical name of the transport table (transports.ts), `ssh` or `local`. */
  connection: string;
  /** ansible_host, or the inventory name. */
  address: string;
  port: number;
  user: string;
  privateKeyFile?: string;
  passphrase?: string;
  password?: string;
  /** Use ssh-agent at this socket (SSH_AUTH_SOCK). */
  agent?: string;
  connectTimeoutMs: number;
  hostKeyChecking: HostKeyChecking;
  /** known_hosts files to read (the first is written by accept-new). */
  knownHostsFiles: string[];
  keepaliveIntervalMs: number;
  /** Unanswered keepalives (while a command runs) before the connection is dropped; default 3. */
  keepaliveCountMax?: number;
}

/** How one kind of connection is made and used. */
export interface TransportKind {
  /** The name the resolved ConnectionParams carry (aliases such as `paramiko` resolve to `ssh`). */
  readonly name: string;
  /** A transport for `params`, not connected yet (the caller connects and closes it). */
  create(params: ConnectionParams): Transport;
  /**
   * Kept open in the worker's connection pool between tasks and opened ahead at play start
   * (ssh). Otherwise each task opens its own transport and closes it (local).
   */
  readonly pooled: boolean;
  /** The user a command runs as before become (Ansible does not become that same user). */
  loginUser(params: ConnectionParams): string;
  /**
   * The run is interrupted: kill the commands this thread's unpooled transports of this kind
   * still run (pooled ones are interrupted through the pool).
   */
  interruptAll?(): void;
}
