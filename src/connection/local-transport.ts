/**
 * Transport for `ansible_connection=local`: commands run through `/bin/sh -c` on this
 * machine and files are read and written with fs.
 */
import { spawn } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { FlotillaError } from '../errors/index.js';
import { commandTimeoutError } from './errors.js';
import { withEnv } from './shell-quote.js';
import type { ExecOptions, ExecResult, Transport } from './transport.js';

export class LocalTransport implements Transport {
  readonly key = 'local';
  private closed = false;

  constructor(readonly host = 'localhost') {}

  async connect(): Promise<void> {
    this.closed = false;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closed) return Promise.reject(this.closedError());
    const full = withEnv(command, options.env);
    return new Promise((resolve, reject) => {
      // detached: the command gets its own process group so a timeout kills its children too.
      const child = spawn('/bin/sh', ['-c', full], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      let stdinError: Error | undefined;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              try {
                process.kill(-child.pid!, 'SIGKILL');
              } catch {}
              reject(commandTimeoutError(command, options.timeoutMs!, this.host));
            }, options.timeoutMs);
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.stdin.on('error', () => {}); // the command may exit without reading its stdin
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(
          new FlotillaError('FLT_CONN_LOCAL', `cannot run /bin/sh: ${e.message}`, {
            host: this.host,
            cause: e,
          }),
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (timedOut) return;
        if (stdinError) return reject(stdinError);
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        if (code === null) resolve({ rc: -1, stdout, stderr, signal: signal ?? 'unknown' });
        else resolve({ rc: code, stdout, stderr });
      });
      const stdin = options.stdin;
      if (stdin instanceof Readable) {
        // A failing source: the command sees its stdin end early, the caller gets the error.
        stdin.once('error', (e: Error) => {
          stdinError = e;
          child.stdin.destroy();
        });
        child.once('close', () => stdin.destroy());
        stdin.pipe(child.stdin);
      } else child.stdin.end(stdin ?? undefined);
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
