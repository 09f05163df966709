/**
 * Transport over one ssh2 connection. Commands, puts and gets go over one persistent
 * channel unless FLOTILLA_PERSISTENT_CHANNEL=0 (agent-channel.ts says which and how),
 * the others each open a session of their own. Channels are capped per connection (queued
 * beyond `maxSessions`), the socket has Nagle disabled (otherwise every exec pays a
 * ~44 ms delayed-ACK stall), sftp is opened lazily once and reused when the persistent
 * channel is off, every session opened is counted for --profile (session-count.ts), and
 * every error leaves through translateSshError.
 */
import net from 'node:net';
import { Readable } from 'node:stream';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { FlotillaError } from '../errors/index.js';
import { AgentChannel, AgentGoneError, type AgentResult, persistentChannelEnabled } from './agent-channel.js';
import { agentKillCommand } from './agent-protocol.js';
import { ChannelLimiter } from './channel-limiter.js';
import { commandTimeoutError, translateSshError } from './errors.js';
import { EscalationWatcher } from './escalation.js';
import { checkHostKey, entriesForHost, preferredHostKeyAlgorithms } from './host-key-check.js';
import { connectionKey } from './login-key.js';
import { killProcessGroupCommand, reportedPid, stripPidReport, withPidReport } from './remote-pid.js';
import { countRoundTrip, countSession } from './session-count.js';
import { prependTo, quote, withEnv } from './shell-quote.js';
import { buildAuthSequence } from './ssh-auth.js';
import { closeChannelQuietly, openSftp, pingServer, sftpRead, sftpWrite } from './ssh-channel-ops.js';
import { ssh2 } from './ssh2-lib.js';
import type {
  ConnectionParams,
  ExecOptions,
  ExecResult,
  RemoteStream,
  Transport,
  TransportKind,
} from './transport.js';

export interface SshTransportOptions {
  /** Channels open at once on this connection (OpenSSH MaxSessions default: 10). */
  maxSessions?: number;
  /** Grace period for a clean disconnect before the socket is destroyed. */
  closeTimeoutMs?: number;
  /** Run commands over one persistent channel (default: on, FLOTILLA_PERSISTENT_CHANNEL=0 turns it off). */
  persistentChannel?: boolean;
}

/** A running command: the shell command that kills its process group (once it can), and its end. */
interface Running {
  kill: () => string | undefined;
  closed: Promise<void>;
}

interface RawResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  signal?: string;
  escalated?: boolean;
  promptAnswered?: boolean;
}

const SUPPORTED_HOST_KEY_ALGOS = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
]);

export class SshTransport implements Transport {
  readonly key: string;
  private client?: Client;
  private connecting?: Promise<void>;
  private closing?: Promise<void>;
  private open = false;
  private sftp?: Promise<SFTPWrapper | null>;
  private readonly limiter: ChannelLimiter;
  private readonly closeTimeoutMs: number;
  private readonly running = new Set<Running>();
  private watchdog?: NodeJS.Timeout;
  private readonly persistent: boolean;
  private agent?: AgentChannel;
  private agentStarting?: Promise<AgentChannel | undefined>;
  /** The agent could not start on this host: every command has its own session. */
  private agentUnavailable = false;
  /** Long-lived commands (openStream), sent EOF on close. */
  private readonly streams = new Set<RemoteStream>();

  constructor(
    readonly params: ConnectionParams,
    options: SshTransportOptions = {},
  ) {
    this.key = connectionKey(params);
    this.limiter = new ChannelLimiter(options.maxSessions ?? 10);
    this.closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    this.persistent = options.persistentChannel ?? persistentChannelEnabled();
  }

  /** True between a successful connect and the socket closing. */
  get isOpen(): boolean {
    return this.open;
  }

  connect(): Promise<void> {
    this.connecting ??= this.doConnect();
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    const p = this.params;
    if (this.closing) throw this.closedError('connect after close');
    const authHandler = buildAuthSequence(p); // throws key/passphrase errors before any I/O
    const entries = p.hostKeyChecking === 'off' ? [] : entriesForHost(p);
    let hostKeyError: FlotillaError | undefined;
    const client = new (ssh2().Client)();
    this.client = client;
    const sock = net.connect({ host: p.address, port: p.port });
    sock.setNoDelay(true);
    // Keepalive at the TCP level: ssh2's own keepalive re-arms a timer on every packet it
    // receives, which cost more CPU than any other part of a run but the crypto. The
    // liveness round trip before reusing an idle connection covers the SSH level.
    if (p.keepaliveIntervalMs > 0) sock.setKeepAlive(true, p.keepaliveIntervalMs);
    const preferred = preferredHostKeyAlgorithms(entries).filter((a) => SUPPORTED_HOST_KEY_ALGOS.has(a));
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        client.removeListener('ready', onReady);
        // ssh2 may emit a second error as the socket goes (a handshake timeout, then
        // "Connection lost before handshake"): unheard, it would end the worker thread.
        client.on('error', () => {});
        sock.destroy();
        reject(hostKeyError ?? translateSshError(err, p));
      };
      const onReady = () => {
        client.removeListener('error', fail);
        client.removeListener('close', onEarlyClose);
        resolve();
      };
      const onEarlyClose = () => fail(new Error('connection closed during handshake'));
      client.once('ready', onReady);
      client.once('error', fail);
      client.once('close', onEarlyClose);
      client.connect({
        sock,
        username: p.user,
        readyTimeout: p.connectTimeoutMs,
        authHandler: authHandler as never,
        algorithms: preferred.length > 0 ? { serverHostKey: { prepend: preferred } as never } : undefined,
        hostVerifier: (key: Buffer) => {
          const verdict = checkHostKey(p, key, entries);
          if (!verdict.ok) hostKeyError = verdict.error;
          return verdict.ok;
        },
      });
    });
    this.open = true;
    client.on('error', () => {}); // post-handshake errors surface through 'close' and the failing call
    client.once('close', () => {
      this.open = false;
      this.limiter.fail(this.closedError('connection closed'));
    });
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    countRoundTrip(this.params.host);
    return this.execUncounted(command, options);
  }

  private async execUncounted(command: string, options: ExecOptions): Promise<ExecResult> {
    const { command: wire, stdin } = withEnv(command, options.env, options.stdin);
    const raw = await this.run(wire, { ...options, stdin });
    return {
      rc: raw.rc,
      stdout: raw.stdout.toString('utf8'),
      stderr: raw.stderr.toString('utf8'),
      ...(raw.signal ? { signal: raw.signal } : {}),
      ...(raw.escalated !== undefined
        ? { escalated: raw.escalated, promptAnswered: raw.promptAnswered }
        : {}),
    };
  }

  /**
   * Error texts never quote the command: it may hold secrets (become, environment names, args).
   * Every command reports its shell's PID, so a timeout or an interrupted run can kill its
   * process group.
   */
  private async run(command: string, options: ExecOptions): Promise<RawResult> {
    if (!this.persistent || options.escalation) return this.runOnOwnSession(command, options);
    // A large stdin in memory keeps its own session too: over the agent it would be copied
    // to a file in the host's temp dir first.
    const given = options.stdin;
    if ((typeof given === 'string' || Buffer.isBuffer(given)) && given.length > AGENT_STREAM_LIMIT)
      return this.runOnOwnSession(command, options);
    let input = options;
    if (isReadable(options.stdin)) {
      // A small stream (a template's text, a small file) goes over the agent whole; a large
      // one keeps its own session, piped with backpressure, starting with what was read.
      const read = await readUpTo(options.stdin, AGENT_STREAM_LIMIT);
      const head = Buffer.concat(read.chunks);
      if (!read.ended)
        return this.runOnOwnSession(command, { ...options, stdin: prependTo(head, options.stdin) });
      input = { ...options, stdin: head };
    }
    return (await this.runOnAgent(command, input)) ?? this.runOnOwnSession(command, input);
  }

  /**
   * Runs the command over the persistent channel; undefined when it cannot take it (busy
   * with another command, or unavailable on this host): the caller opens a session.
   */
  private async runOnAgent(command: string, options: ExecOptions): Promise<RawResult | undefined> {
    const stdin = options.stdin as string | Buffer | undefined;
    for (let attempt = 0; ; attempt++) {
      const agent = await this.idleAgent();
      if (!agent || agent.busy || agent.closed) return undefined;
      const kill = agentKillCommand(agent.dir);
      // Claimed synchronously: a concurrent command now sees the agent busy.
      const work = agent.run(command, stdin);
      const running: Running = { kill: () => kill, closed: work.then(noop, noop) };
      this.running.add(running);
      this.startWatchdog();
      void running.closed.then(() => {
        this.running.delete(running);
        if (this.running.size === 0) this.stopWatchdog();
      });
      try {
        const r = await withTimeout(work, options.timeoutMs, () => {
          this.killRemote(kill);
          return commandTimeoutError(options.timeoutMs!, this.params.host);
        });
        return { rc: r.rc, stdout: r.stdout, stderr: r.stderr, ...(r.signal ? { signal: r.signal } : {}) };
      } catch (err) {
        if (!(err instanceof AgentGoneError)) throw err;
        // Never started: the agent was gone before it read the request. Once more, on a new one.
        if (!err.started && attempt === 0 && this.open && !this.closing) continue;
        throw this.closedError('channel closed before the command exited');
      }
    }
  }

  /** The persistent channel when it is idle, started (or restarted, once it broke) on demand. */
  private async idleAgent(): Promise<AgentChannel | undefined> {
    if (this.agentUnavailable || this.closing || !this.open) return undefined;
    if (this.agent && !this.agent.closed) return this.agent.busy ? undefined : this.agent;
    this.agentStarting ??= this.startAgent().finally(() => (this.agentStarting = undefined));
    return this.agentStarting;
  }

  private async startAgent(): Promise<AgentChannel | undefined> {
    const client = this.requireOpen();
    const release = await this.limiter.acquire();
    try {
      countSession(this.params.host);
      // The sweep of dead agents' dirs: on this worker's first agent for the login, and
      // when this connection's previous agent died (its dir may be left).
      const login = `${this.params.user}@${this.params.address}:${this.params.port}`;
      const sweep = !sweptLogins.has(login) || this.agent !== undefined;
      sweptLogins.add(login);
      const agent = await AgentChannel.open(client, this.params.connectTimeoutMs + 2000, sweep);
      void agent.whenClosed.then(release);
      this.agent = agent;
      return agent;
    } catch {
      release();
      // A connection that went away is not the host's fault: the next connection tries again.
      if (this.open && !this.closing) this.agentUnavailable = true;
      return undefined;
    }
  }

  private async runOnOwnSession(command: string, options: ExecOptions): Promise<RawResult> {
    // A stream given as stdin may fail (a file that cannot be read) before its channel opens.
    const stdin = isReadable(options.stdin) ? watchStream(options.stdin) : undefined;
    let release: () => void;
    let client: Client;
    try {
      client = this.requireOpen();
      release = await this.limiter.acquire();
    } catch (err) {
      stdin?.stream.destroy();
      throw err;
    }
    const wire = withPidReport(command);
    countSession(this.params.host);
    return new Promise<RawResult>((resolve, reject) => {
      client.exec(wire, (err, channel) => {
        if (err) {
          release();
          stdin?.stream.destroy();
          reject(this.channelError(err));
          return;
        }
        // Listeners go on synchronously: exit-status and close can arrive in the same
        // TCP read as the exec confirmation, before any awaiting code would resume.
        // The slot is free only when the channel is really closed (a timed-out one closes later).
        channel.once('close', release);
        this.collect(channel, options, stdin).then(resolve, reject);
      });
    });
  }

  /** Error texts never quote the command: it may hold secrets (become, environment names, args). */
  private collect(channel: ClientChannel, options: ExecOptions, stream?: WatchedStream): Promise<RawResult> {
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let closed!: () => void;
      let rc: number | undefined;
      let signal: string | undefined;
      let ended = false; // timed out, or escalation failed: the promise is settled already
      const end = (error: FlotillaError) => {
        ended = true;
        clearTimeout(timer);
        watcher?.finish();
        closeChannelQuietly(channel);
        reject(error);
      };
      // Closing stdin gives the command EOF. Without stdin, send EOF but leave the stream
      // to ssh2: ending it here made ssh2's own end() on close build an error per command.
      let stdinError: Error | undefined;
      const sendStdin = () => {
        if (stream) pipeToChannel(stream, channel, (e) => (stdinError = e));
        else if (options.stdin !== undefined && !isReadable(options.stdin)) channel.end(options.stdin);
        else channel.eof();
      };
      const watcher =
        options.escalation &&
        new EscalationWatcher(
          options.escalation,
          {
            write: (data) => channel.write(data),
            ready: sendStdin,
            fail: end,
          },
          this.params.connectTimeoutMs + 2000,
        );
      const stderrSoFar = () => (watcher ? watcher.output('stderr') : Buffer.concat(err));
      const running: Running = {
        kill: () => {
          const pid = reportedPid(stderrSoFar());
          return pid === undefined ? undefined : killProcessGroupCommand(pid);
        },
        closed: new Promise<void>((r) => (closed = r)),
      };
      this.running.add(running);
      this.startWatchdog();
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              const pid = reportedPid(stderrSoFar());
              if (pid !== undefined) this.killRemote(killProcessGroupCommand(pid));
              end(commandTimeoutError(options.timeoutMs!, this.params.host));
            }, options.timeoutMs);
      channel.on('data', (d: Buffer) => (watcher ? watcher.feed('stdout', d) : out.push(d)));
      channel.stderr.on('data', (d: Buffer) => (watcher ? watcher.feed('stderr', d) : err.push(d)));
      channel.on('exit', (code: number | null, sig?: string) => {
        if (typeof code === 'number') rc = code;
        else {
          rc = -1;
          signal = sig ?? 'unknown';
        }
      });
      channel.on('close', () => {
        clearTimeout(timer);
        this.running.delete(running);
        if (this.running.size === 0) this.stopWatchdog();
        closed();
        watcher?.finish();
        stream?.stream.destroy(); // never piped when escalation failed
        if (ended) return;
        if (stdinError) reject(stdinError);
        else if (rc === undefined) reject(this.closedError('channel closed before the command exited'));
        else
          resolve({
            rc,
            stdout: watcher ? watcher.output('stdout') : Buffer.concat(out),
            stderr: stripPidReport(stderrSoFar()),
            signal,
            ...(watcher ? { escalated: watcher.escalated, promptAnswered: watcher.promptAnswered } : {}),
          });
      });
      // Under become the command's stdin waits until it runs as the become user.
      if (!watcher) sendStdin();
    });
  }

  /**
   * While commands run, an SSH round trip every keepalive interval (ssh's ServerAlive*): a
   * server that stops answering (a frozen sshd, a host gone without a RST) fails the running
   * commands after `keepaliveCountMax` misses instead of hanging them. TCP keepalive cannot
   * see a frozen sshd, whose kernel still acknowledges. Only while commands run: the pool
   * checks an idle connection before reusing it.
   */
  private startWatchdog(): void {
    const every = this.params.keepaliveIntervalMs;
    if (this.watchdog || every <= 0) return;
    const countMax = this.params.keepaliveCountMax ?? 3;
    let missed = 0;
    let probing = false;
    this.watchdog = setInterval(() => {
      if (probing || !this.open) return;
      probing = true;
      void this.isAlive(every).then((alive) => {
        probing = false;
        missed = alive ? 0 : missed + 1;
        if (missed >= countMax) {
          this.stopWatchdog();
          this.client?.destroy(); // 'close' fails every running command and queued channel
        }
      });
    }, every);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /** Best effort: kill a timed-out command's process group through a fresh channel. */
  private killRemote(kill: string): void {
    if (!this.open) return;
    this.runOnOwnSession(kill, {}).catch(() => {});
  }

  /**
   * The run is being interrupted: kills the process group of every command running on this
   * connection (as a timeout does), in one channel that bypasses the channel queue, and
   * waits, at most `timeoutMs`, for their channels to close. Never throws.
   */
  async interruptRunning(timeoutMs = 2000): Promise<void> {
    if (this.running.size === 0 || !this.open || !this.client) return;
    const deadline = Date.now() + timeoutMs;
    const all = [...this.running];
    // A command that has just started may not have reported its PID yet.
    const pidOf = (r: Running) => r.kill();
    const reportBy = deadline - timeoutMs / 2;
    while (all.some((r) => this.running.has(r) && pidOf(r) === undefined) && Date.now() < reportBy)
      await new Promise((r) => setTimeout(r, 20));
    const pids = all.map(pidOf).filter((p): p is string => p !== undefined);
    if (pids.length > 0) {
      const client = this.client;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        try {
          countSession(this.params.host);
          client.exec(pids.join('; '), (err, channel) => {
            if (err) return resolve();
            channel.on('data', () => {});
            channel.stderr.on('data', () => {});
            channel.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            channel.eof();
          });
        } catch {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    await settledWithin(Promise.all(all.map((r) => r.closed)), deadline - Date.now());
  }

  async openStream(command: string): Promise<RemoteStream> {
    const client = this.requireOpen();
    const release = await this.limiter.acquire();
    countSession(this.params.host);
    return new Promise<RemoteStream>((resolve, reject) => {
      const refused = (err: Error) => {
        release();
        reject(this.channelError(err));
      };
      try {
        client.exec(command, (err, channel) => {
          if (err) return refused(err);
          channel.on('error', noop); // a broken channel shows as its close
          const stream: RemoteStream = {
            stdout: channel,
            stderr: channel.stderr,
            write: (data) => channel.write(data),
            end: () => channel.end(),
            destroy: () => closeChannelQuietly(channel),
            closed: new Promise<void>((closed) =>
              channel.once('close', () => {
                release();
                this.streams.delete(stream);
                closed();
              }),
            ),
          };
          this.streams.add(stream);
          resolve(stream);
        });
      } catch (err) {
        refused(err as Error); // the connection went as the channel was asked for
      }
    });
  }

  async put(content: string | Buffer, remotePath: string, mode?: number): Promise<void> {
    countRoundTrip(this.params.host);
    const sftp = this.persistent ? null : await this.sftpSession();
    if (sftp) {
      await sftpWrite(sftp, remotePath, content, mode).catch((err) => {
        throw this.fileError('write', remotePath, err);
      });
      return;
    }
    const chmod = mode === undefined ? '' : ` && chmod ${mode.toString(8)} ${quote(remotePath)}`;
    const r = await this.run(`cat > ${quote(remotePath)}${chmod}`, { stdin: content });
    if (r.rc !== 0) throw this.fileError('write', remotePath, new Error(r.stderr.toString('utf8').trim()));
  }

  async get(remotePath: string): Promise<Buffer> {
    countRoundTrip(this.params.host);
    const sftp = this.persistent ? null : await this.sftpSession();
    if (sftp) {
      return sftpRead(sftp, remotePath).catch((err) => {
        throw this.fileError('read', remotePath, err);
      });
    }
    const r = await this.run(`cat ${quote(remotePath)}`, {});
    if (r.rc !== 0) throw this.fileError('read', remotePath, new Error(r.stderr.toString('utf8').trim()));
    return r.stdout;
  }

  async isAlive(timeoutMs = 5000): Promise<boolean> {
    if (!this.open || !this.client) return false;
    const client = this.client;
    const ping = pingServer(client, timeoutMs);
    if (ping !== undefined) return ping;
    try {
      return (await this.execUncounted('true', { timeoutMs })).rc === 0; // no private ping API: one cheap channel
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.stopWatchdog();
    this.limiter.fail(this.closedError('connection closed by flotilla'));
    await this.connecting?.catch(() => {});
    // An idle agent gets EOF: it removes its temp dir and exits before the connection goes.
    // A busy one goes with the connection, as a command on its own session would (its
    // command fails as closed; the agent removes its dir when its reply meets the closed pipe).
    const agent = this.agent ?? (await this.agentStarting?.catch(() => undefined));
    if (agent && this.open && !agent.busy) await agent.close(Math.min(1000, this.closeTimeoutMs));
    // Long-lived commands (the bridge's Python runner) get EOF and end, removing their files.
    if (this.streams.size > 0 && this.open) {
      const streams = [...this.streams];
      for (const s of streams) s.end();
      await settledWithin(Promise.all(streams.map((s) => s.closed)), Math.min(1000, this.closeTimeoutMs));
    }
    const client = this.client;
    if (!client || !this.open) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => client.destroy(), this.closeTimeoutMs);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.end(); // sends SSH_MSG_DISCONNECT, then closes the socket
    });
  }

  private sftpSession(): Promise<SFTPWrapper | null> {
    this.sftp ??= (async () => {
      const client = this.requireOpen();
      const release = await this.limiter.acquire();
      countSession(this.params.host);
      const sftp = await openSftp(client);
      if (sftp) this.limiter.reserveOne(); // the sftp channel stays open for the connection's life
      release();
      return sftp;
    })();
    return this.sftp;
  }

  private requireOpen(): Client {
    if (!this.open || !this.client || this.closing) throw this.closedError('not connected');
    return this.client;
  }

  private closedError(what: string): FlotillaError {
    return new FlotillaError('FLT_CONN_CLOSED', `connection ${this.key} is closed: ${what}`, {
      host: this.params.host,
      hint: 'the connection was lost or closed; the pool reconnects on the next task',
    });
  }

  private channelError(err: Error): FlotillaError {
    if (!this.open) return this.closedError(err.message);
    return new FlotillaError('FLT_CONN_CHANNEL', `cannot open a channel on ${this.key}: ${err.message}`, {
      host: this.params.host,
      cause: err,
      hint: "the server refused a new session; check sshd's MaxSessions against maxSessions",
    });
  }

  private fileError(op: 'read' | 'write', remotePath: string, err: unknown): FlotillaError {
    if (err instanceof FlotillaError) return err;
    return new FlotillaError(
      'FLT_CONN_FILE',
      `cannot ${op} ${remotePath} on ${this.params.host}: ${(err as Error).message}`,
      {
        host: this.params.host,
        cause: err,
      },
    );
  }
}

function noop(): void {}

/** user@address:port of the logins whose agent already swept dead agents' dirs (startAgent). */
const sweptLogins = new Set<string>();

/** A stdin up to this size goes over the agent (a stream is read whole first). */
const AGENT_STREAM_LIMIT = 1024 * 1024;

/**
 * Reads `stream` until it ends or more than `limit` bytes came (then it is left paused, the
 * rest unread). A stream that fails rejects: the command is not run.
 */
function readUpTo(stream: Readable, limit: number): Promise<{ chunks: Buffer[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(b);
      size += b.length;
      if (size <= limit) return;
      stream.pause();
      stop();
      resolve({ chunks, ended: false });
    };
    const onEnd = () => {
      stop();
      resolve({ chunks, ended: true });
    };
    const onError = (e: Error) => {
      stop();
      stream.destroy();
      reject(e);
    };
    if (stream.destroyed) return reject(new Error('the stdin stream was closed before the command started'));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** `work`'s outcome, or the error `onTimeout` gives once `ms` have passed first. */
function withTimeout(
  work: Promise<AgentResult>,
  ms: number | undefined,
  onTimeout: () => Error,
): Promise<AgentResult> {
  if (ms === undefined) return work;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    work.then(
      (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Waits for `p`, or `ms` at most; clears its timer either way. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, ms))))]);
  clearTimeout(timer);
}

function isReadable(value: unknown): value is Readable {
  return value instanceof Readable;
}

/** A stdin stream with its first error recorded from the moment exec() is called. */
interface WatchedStream {
  stream: Readable;
  error?: Error;
}

function watchStream(stream: Readable): WatchedStream {
  const watched: WatchedStream = { stream };
  stream.on('error', (e: Error) => {
    watched.error ??= e;
  });
  return watched;
}

/**
 * Streams the source into the command's stdin. ssh2's channel writes wait for the SSH window,
 * so memory stays bounded; a write to a channel the server closed never completes, so the
 * source is destroyed on close. A failing source closes the channel: the command sees its
 * stdin end early, and `onError` records why.
 */
function pipeToChannel(source: WatchedStream, channel: ClientChannel, onError: (err: Error) => void): void {
  const fail = (e: Error) => {
    onError(e);
    closeChannelQuietly(channel);
  };
  if (source.error || source.stream.destroyed) {
    fail(source.error ?? new Error('the stdin stream was closed before the command started'));
    return;
  }
  source.stream.once('error', fail);
  channel.once('close', () => {
    source.stream.unpipe(channel);
    source.stream.destroy();
  });
  source.stream.pipe(channel);
}

/** `ansible_connection=ssh` in the transport table (transports.ts). */
export const ssh: TransportKind = {
  name: 'ssh',
  create: (params) => new SshTransport(params),
  pooled: true,
  loginUser: (params) => params.user,
};
