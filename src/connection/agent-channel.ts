/**
 * The persistent channel: one SSH session per connection that stays open for the
 * connection's life, instead of one new session (a fork in sshd, a login shell) per command.
 *
 * How: the first command of a connection opens one exec channel running a small POSIX-sh
 * agent (agent-protocol.ts; no Python needed on the host, Mitogen's idea). The agent runs
 * framed requests one after another, each command in its own process group with its own
 * stdin file, and answers with framed, binary-safe stdout and stderr kept apart, its exit
 * status or signal. Per-command environment comes in the command text (shell-quote.ts
 * withEnv, values on stdin as before); a timeout or an interrupt kills the command's process
 * group through a separate short session (remote-pid.ts), and the agent carries on.
 *
 * Which commands go over it (SshTransport.run decides, in one place):
 * - every exec, put (`cat >` then chmod) and get (`cat`) whose stdin is a string or Buffer;
 * - not a command whose stdin is a stream (bounded memory: it stays on its own session,
 *   piped with backpressure), nor one that escalates with a password prompt to watch
 *   (ExecOptions.escalation needs the output as it comes), nor a command issued while the
 *   agent is busy with another (concurrent commands get their own session as before);
 * - none at all when FLOTILLA_PERSISTENT_CHANNEL=0 (for comparison), or on a host where the
 *   agent cannot start (no mktemp or head): then every command has its own session.
 * A broken agent (killed, its channel closed) is dropped; the next command starts a new one.
 * A request the agent never started (no `P` frame came) is retried once on the new agent.
 */
import type { Client, ClientChannel } from 'ssh2';
import { type AgentFrame, AgentReplyParser, agentCommand, encodeRequest, exitOf } from './agent-protocol.js';

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
  id: number;
  pid?: number;
  onPid?: (pid: number) => void;
  resolve: (r: AgentResult) => void;
  reject: (e: Error) => void;
}

/** Whether commands go over a persistent channel (FLOTILLA_PERSISTENT_CHANNEL=0 turns it off). */
export function persistentChannelEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.FLOTILLA_PERSISTENT_CHANNEL;
  return v === undefined || !['0', 'false', 'no', 'off'].includes(v.trim().toLowerCase());
}

export class AgentChannel {
  private readonly parser = new AgentReplyParser();
  private current?: Pending;
  private nextId = 1;
  private gone = false;
  private onReady?: () => void;
  private onStartFailure?: (e: Error) => void;
  private readonly closedPromise: Promise<void>;
  private startupStderr = '';
  /** The agent's PID on the host (its ready line). */
  pid?: number;

  private constructor(private readonly channel: ClientChannel) {
    let closed!: () => void;
    this.closedPromise = new Promise<void>((r) => (closed = r));
    channel.on('data', (d: Buffer) => this.receive(d));
    channel.stderr.on('data', (d: Buffer) => {
      if (this.startupStderr.length < 2000) this.startupStderr += d.toString('utf8');
    });
    channel.on('close', () => {
      this.fail(new AgentGoneError('the persistent channel closed', this.current?.pid !== undefined));
      closed();
    });
  }

  /** Opens the channel and waits for the agent's ready line. `exec` opens the session. */
  static open(client: Client, timeoutMs: number): Promise<AgentChannel> {
    return new Promise((resolve, reject) => {
      try {
        client.exec(agentCommand(), (err, channel) => {
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

  /** Runs one command; the agent must be idle. `onPid` gets its process group leader's PID. */
  run(
    command: string,
    stdin: string | Buffer | undefined,
    onPid?: (pid: number) => void,
  ): Promise<AgentResult> {
    if (this.gone) return Promise.reject(new AgentGoneError('the persistent channel is closed', false));
    if (this.current) return Promise.reject(new Error('the agent is busy'));
    const id = this.nextId++;
    return new Promise<AgentResult>((resolve, reject) => {
      this.current = { id, onPid, resolve, reject };
      this.channel.write(encodeRequest(id, command, stdin));
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
    this.fail(new AgentGoneError('the persistent channel was closed', this.current?.pid !== undefined));
    try {
      this.channel.close();
    } catch {}
  }

  private receive(chunk: Buffer): void {
    let frames: AgentFrame[];
    try {
      frames = this.parser.feed(chunk);
    } catch (err) {
      this.destroy(); // out of step with the agent: nothing it says can be trusted any more
      void err;
      return;
    }
    for (const f of frames) {
      if (f.type === 'ready') {
        this.pid = f.pid;
        this.onReady?.();
        this.onReady = undefined;
        this.onStartFailure = undefined;
      } else if (f.type === 'pid') {
        if (this.current?.id === f.id) {
          this.current.pid = f.pid;
          this.current.onPid?.(f.pid);
        }
      } else if (this.current?.id === f.id) {
        const done = this.current;
        this.current = undefined;
        done.resolve({ ...exitOf(f.status, f.rc), stdout: f.stdout, stderr: f.stderr });
      }
    }
  }

  private fail(err: AgentGoneError): void {
    if (this.gone) return;
    this.gone = true;
    const start = this.onStartFailure;
    this.onReady = undefined;
    this.onStartFailure = undefined;
    start?.(new Error(`the agent did not start: ${this.startupStderr.trim() || err.message}`));
    const pending = this.current;
    this.current = undefined;
    pending?.reject(err);
  }
}
