/**
 * Transport for `ansible_connection=local`: commands run through `/bin/sh -c` on this
 * machine and files are read and written with fs.
 */
import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { Readable } from 'node:stream';
import { FlotillaError } from '../errors/index.js';
import { commandTimeoutError } from './errors.js';
import { EscalationWatcher } from './escalation.js';
import { withEnv } from './shell-quote.js';
import type { ExecOptions, ExecResult, Transport, TransportKind } from './transport.js';

/** Process groups of the local commands running in this thread (each is its group's leader). */
const runningGroups = new Set<number>();

/** How long a become command may stay silent before its prompt or success marker: ssh's default (10 s + 2 s). */
const LOCAL_ESCALATION_TIMEOUT_MS = 12_000;

export class LocalTransport implements Transport {
  /**
   * The run is interrupted: kills every local command this thread started and that still
   * runs, process group and all (they are detached, so a terminal's Ctrl-C does not reach them).
   */
  static killRunning(): void {
    for (const pgid of runningGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
    }
    runningGroups.clear();
  }

  readonly key = 'local';
  private closed = false;

  constructor(readonly host = 'localhost') {}

  async connect(): Promise<void> {
    this.closed = false;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closed) return Promise.reject(this.closedError());
    const { command: full, stdin } = withEnv(command, options.env, options.stdin);
    return new Promise((resolve, reject) => {
      // detached: the command gets its own process group so a timeout kills its children too.
      const child = spawn('/bin/sh', ['-c', full], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const pgid = child.pid;
      if (pgid !== undefined) runningGroups.add(pgid);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let ended = false; // timed out, or escalation failed: the promise is settled already
      const end = (error: FlotillaError) => {
        ended = true;
        clearTimeout(timer);
        watcher?.finish();
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
        reject(error);
      };
      // A failing source: the command sees its stdin end early, the caller gets the error.
      // Recorded from the start: under become the source waits for the escalation.
      let stdinError: Error | undefined;
      if (stdin instanceof Readable) {
        stdin.on('error', (e: Error) => {
          stdinError ??= e;
          child.stdin.destroy();
        });
        child.once('close', () => stdin.destroy());
      }
      const sendStdin = () => {
        if (!(stdin instanceof Readable)) child.stdin.end(stdin ?? undefined);
        else if (stdinError || stdin.destroyed) child.stdin.destroy();
        else stdin.pipe(child.stdin);
      };
      const watcher =
        options.escalation &&
        new EscalationWatcher(
          options.escalation,
          {
            write: (data) => child.stdin.write(data),
            ready: sendStdin,
            fail: end,
          },
          LOCAL_ESCALATION_TIMEOUT_MS,
        );
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => end(commandTimeoutError(options.timeoutMs!, this.host)), options.timeoutMs);
      child.stdout.on('data', (d: Buffer) => (watcher ? watcher.feed('stdout', d) : out.push(d)));
      child.stderr.on('data', (d: Buffer) => (watcher ? watcher.feed('stderr', d) : err.push(d)));
      child.stdin.on('error', () => {}); // the command may exit without reading its stdin
      child.on('error', (e) => {
        clearTimeout(timer);
        watcher?.finish();
        reject(
          new FlotillaError('FLT_CONN_LOCAL', `cannot run /bin/sh: ${e.message}`, {
            host: this.host,
            cause: e,
          }),
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (pgid !== undefined) runningGroups.delete(pgid);
        watcher?.finish();
        if (ended) return;
        if (stdinError) return reject(stdinError);
        const stdout = (watcher ? watcher.output('stdout') : Buffer.concat(out)).toString('utf8');
        const stderr = (watcher ? watcher.output('stderr') : Buffer.concat(err)).toString('utf8');
        const escalated = watcher
          ? { escalated: watcher.escalated, promptAnswered: watcher.promptAnswered }
          : {};
        if (code === null) resolve({ rc: -1, stdout, stderr, signal: signal ?? 'unknown', ...escalated });
        else resolve({ rc: code, stdout, stderr, ...escalated });
      });
      // Under become the command's stdin waits until it runs as the become user.
      if (!watcher) sendStdin();
    });
  }

  async put(content: string | Buffer, remotePath: string, mode?: number): Promise<void> {
    try {
      await writeFile(remotePath, content, mode === undefined ? {} : { mode });
      if (mode !== undefined) await chmod(remotePath, mode); // writeFile's mode applies only on create
    } catch (err) {
      throw this.fileError('write', remotePath, err);
    }
  }

  async get(remotePath: string): Promise<Buffer> {
    try {
      return await readFile(remotePath);
    } catch (err) {
      throw this.fileError('read', remotePath, err);
    }
  }

  async isAlive(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private closedError(): FlotillaError {
    return new FlotillaError('FLT_CONN_CLOSED', 'local connection is closed', { host: this.host });
  }

  private fileError(op: 'read' | 'write', p: string, err: unknown): FlotillaError {
    return new FlotillaError(
      'FLT_CONN_FILE',
      `cannot ${op} ${p} on ${this.host}: ${(err as Error).message}`,
      {
        host: this.host,
        cause: err,
      },
    );
  }
}

/** `ansible_connection=local` in the transport table (transports.ts). */
export const local: TransportKind = {
  name: 'local',
  // The controller itself: named `localhost` in its errors whatever the inventory calls it.
  create: () => new LocalTransport(),
  pooled: false,
  loginUser: () => os.userInfo().username,
  interruptAll: () => LocalTransport.killRunning(),
};
