/**
 * The persistent channel: one SSH session per connection that stays open for the
 * connection's life, instead of one new session (a fork in sshd, a login shell) per command.
 *
 * How: the first command of a connection opens one exec channel running a small POSIX-sh
 * agent (agent-protocol.ts; no Python needed on the host, Mitogen's idea). The agent runs
 * framed requests one after another, each command in its own process group, with its own
 * stdin file, through the login shell as sshd would (`$SHELL -c`). The command's stdout and
 * stderr go straight into the channel's two streams, kept apart and binary-safe, each ended
 * by a random mark fresh per command, then its exit status or signal. Per-command
 * environment comes in the command text (shell-quote.ts withEnv, values on stdin as
 * before); a timeout or an interrupt kills the command's process group through a separate
 * short session (remote-pid.ts), and the agent carries on. The command text reaches the
 * command's shell in its environment (or a file of the agent's 0700 temp dir when over
 * 64 KiB), never on a command line; the dir is removed when the agent ends.
 * Cost on the host: one process per command, as an own session (agent-protocol.ts).
 *
 * Which commands go over it (SshTransport.run decides, in one place):
 * - every exec, put (`cat >` then chmod) and get (`cat`) whose stdin is up to 1 MiB (a
 *   stream is read whole first);
 * - not a larger stdin (bounded memory, no copy in the host's temp dir: it stays on its own
 *   session, a stream piped with backpressure), nor one that escalates with a password prompt to watch
 *   (ExecOptions.escalation needs the output as it comes), nor a command issued while the
 *   agent is busy with another (concurrent commands get their own session as before);
 * - none at all with FLOTILLA_PERSISTENT_CHANNEL=0 (see persistentChannelEnabled), or on a
 *   host where the agent cannot start (no mktemp, a login shell that is not POSIX): then
 *   every command has its own session.
 * A broken agent (killed, its channel closed) is dropped; the next command starts a new one
 * (a command that was running on it fails as on a lost session: it may have run). So is an
 * agent whose channel carries output after a command's end (a background process the
 * command left holding its stdout or stderr): such output that comes while a later command
 * runs cannot be told apart from that command's (under an own session, sshd would have
 * waited for the background process instead).
 */
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import { AgentStreams, agentCommand, encodeRequest, exitOf } from './agent-protocol.js';

export interface AgentResult {
  rc: number;
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
}

/** The agent's channel closed under a request; `started` says whether the command had begun. */
export class AgentGoneError extends Error {
  constructor(
    message: string,
    readonly started: boolean,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (r: AgentResult) => void;
  reject: (e: Error) => void;
}

/**
 * Whether commands go over a persistent channel: on unless FLOTILLA_PERSISTENT_CHANNEL is
 * set to a false word (0, false, no, off). It opens 1 session per host instead of one per
 * command, and costs the host no more per command than an own session (bench/persistent-channel.ts).
 */
export function persistentChannelEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.FLOTILLA_PERSISTENT_CHANNEL;
  return v === undefined || !['0', 'false', 'no', 'off'].includes(v.trim().toLowerCase());
}

export class AgentChannel {
  private readonly streams = new AgentStreams();
  private current?: Pending;
  private gone = false;
  private onReady?: () => void;
  private onStartFailure?: (e: Error) => void;
  private readonly closedPromise: Promise<void>;
  /** The agent's PID on the host (its ready line). */
  pid?: number;
  /** The agent's private temp dir on the host. */
  dir = '';

  private constructor(private readonly channel: ClientChannel) {
    let closed!: () => void;
    this.closedPromise = new Promise<void>((r) => (closed = r));
    channel.on('data', (d: Buffer) => this.receive(d, 'stdout'));
    channel.stderr.on('data', (d: Buffer) => this.receive(d, 'stderr'));
    channel.on('close', () => {
      this.fail(new AgentGoneError('the persistent channel closed', true));
      closed();
    });
  }

  /**
   * Opens the channel and waits for the agent's ready line. `exec` opens the session.
   * `sweep`: the agent first removes the dirs of dead agents (agent-protocol.ts SWEEP).
   */
  static open(client: Client, timeoutMs: number, sweep: boolean): Promise<AgentChannel> {
    return new Promise((resolve, reject) => {
      try {
        client.exec(agentCommand(sweep), (err, channel) => {
          if (err) return reject(err);
          const agent = new AgentChannel(channel);
          const timer = setTimeout(() => {
            agent.destroy();
            reject(new Error('the agent did not start in time'));
          }, timeoutMs);
          agent.onReady = () => {
            clearTimeout(timer);
            resolve(agent);
          };
          agent.onStartFailure = (e) => {
            clearTimeout(timer);
            reject(e);
          };
        });
      } catch (err) {
        reject(err);
      }
    });
  }

  /** Resolves once the agent's channel is closed. */
  get whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  get closed(): boolean {
    return this.gone;
  }

  /** Runs one command; the agent must be idle. */
  run(command: string, stdin: string | Buffer | undefined): Promise<AgentResult> {
    if (this.gone) return Promise.reject(new AgentGoneError('the persistent channel is closed', false));
    if (this.current) return Promise.reject(new Error('the agent is busy'));
    const mark = `flt${randomBytes(16).toString('hex')}`;
    return new Promise<AgentResult>((resolve, reject) => {
      this.current = { resolve, reject };
      this.streams.expect(mark);
      this.channel.write(encodeRequest(mark, command, stdin));
    });
  }

  /** Ends the agent: EOF on its stdin (it removes its temp dir and exits); waits at most `timeoutMs`. */
  async close(timeoutMs = 1000): Promise<void> {
    if (!this.gone) {
      try {
        this.channel.end();
      } catch {}
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.closedPromise, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    if (!this.gone) this.destroy();
  }

  private destroy(): void {
    this.fail(new AgentGoneError('the persistent channel was closed', true));
    try {
      this.channel.close();
    } catch {}
  }

  private receive(chunk: Buffer, stream: 'stdout' | 'stderr'): void {
    if (this.gone) return;
    const got: ReturnType<AgentStreams['feedStdout']> =
      stream === 'stdout' ? this.streams.feedStdout(chunk) : this.streams.feedStderr(chunk);
    if (got.ready) {
      this.pid = got.ready.pid;
      this.dir = got.ready.dir;
      this.onReady?.();
      this.onReady = undefined;
      this.onStartFailure = undefined;
    }
    if (got.result && this.current) {
      const done = this.current;
      this.current = undefined;
      const r = got.result;
      done.resolve({ ...exitOf(r.status, r.rc), stdout: r.stdout, stderr: r.stderr });
    } else if (this.current && this.streams.waiting) {
      // A nudge: an empty line the agent skips. sshd leaves Nagle on for a session without
      // a tty, so the next small write of the command's output or of its mark waits for the
      // ACK of this one, which the controller delays up to 40 ms unless it has data to send.
      this.channel.write('\n');
    }
    // Output that belongs to no command: a process the command left behind writes into the
    // channel. Nothing the agent says can be trusted any more: the next command gets a new one.
    if (this.streams.strayed) this.destroy();
  }

  private fail(err: AgentGoneError): void {
    if (this.gone) return;
    this.gone = true;
    const start = this.onStartFailure;
    this.onReady = undefined;
    this.onStartFailure = undefined;
    start?.(new Error(`the agent did not start: ${this.streams.startupStderr.trim() || err.message}`));
    const pending = this.current;
    this.current = undefined;
    pending?.reject(err);
  }
}
