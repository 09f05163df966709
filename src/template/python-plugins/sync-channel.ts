/**
 * A synchronous request/answer channel to a helper process: templates render synchronously,
 * so a call to a Python plugin must block the thread until it answers. Two FIFOs carry
 * length-prefixed JSON; this side opens them non-blocking and waits between reads with
 * Atomics.wait (about 0.1 ms a call), checking that the helper still lives, so a helper that
 * dies or hangs fails the call instead of the thread.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class ChannelError extends Error {}

const WAIT = new Int32Array(new SharedArrayBuffer(4));

export class SyncChannel {
  private readonly writeFd: number;
  private readonly readFd: number;
  private readonly pid: number;
  private dir: string | undefined;

  constructor(
    command: string,
    args: readonly string[],
    private readonly timeoutMs: number,
  ) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-plugins-'));
    this.dir = dir;
    try {
      execFileSync('mkfifo', ['-m', '600', path.join(dir, 'req'), path.join(dir, 'res')]);
      // Read-write never blocks on a FIFO; read-only non-blocking does not either.
      this.writeFd = openSync(path.join(dir, 'req'), constants.O_RDWR | constants.O_NONBLOCK);
      this.readFd = openSync(path.join(dir, 'res'), constants.O_RDONLY | constants.O_NONBLOCK);
      const child = spawn(command, [...args, path.join(dir, 'req'), path.join(dir, 'res')], {
        stdio: 'ignore',
      });
      child.on('error', () => {});
      child.unref();
      if (child.pid === undefined) throw new ChannelError(`cannot start ${command}`);
      this.pid = child.pid;
      process.once('exit', () => this.close());
    } catch (err) {
      this.removeDir();
      throw err;
    }
  }

  /** Sends one request and waits for its answer. */
  call(request: unknown): unknown {
    const body = Buffer.from(JSON.stringify(request));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    this.writeAll(Buffer.concat([head, body]), Date.now() + this.timeoutMs);
    return this.receive();
  }

  /** Waits for the helper's next message. */
  receive(): unknown {
    const deadline = Date.now() + this.timeoutMs;
    const size = this.readExactly(4, deadline).readUInt32BE();
    const message = JSON.parse(this.readExactly(size, deadline).toString('utf8'));
    // Both ends are open once a message came: the FIFOs' names are no longer needed.
    this.removeDir();
    return message;
  }

  close(): void {
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {}
    for (const fd of [this.writeFd, this.readFd]) {
      try {
        closeSync(fd);
      } catch {}
    }
    this.removeDir();
  }

  private removeDir(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private writeAll(data: Buffer, deadline: number): void {
    let done = 0;
    while (done < data.length) {
      try {
        done += writeSync(this.writeFd, data, done, data.length - done);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        this.pause(deadline);
      }
    }
  }

  private readExactly(n: number, deadline: number): Buffer {
    const out = Buffer.alloc(n);
    let done = 0;
    while (done < n) {
      let got = 0;
      try {
        got = readSync(this.readFd, out, done, n - done, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
      // 0 before the helper opened its end or after it closed it; EAGAIN while it works.
      if (got === 0) this.pause(deadline);
      done += got;
    }
    return out;
  }

  private pause(deadline: number): void {
    if (!this.alive()) throw new ChannelError('the plugin helper process ended');
    if (Date.now() > deadline) {
      this.close();
      throw new ChannelError(`the plugin helper did not answer within ${this.timeoutMs / 1000} s`);
    }
    Atomics.wait(WAIT, 0, 0, 1);
  }

  /** Alive and not a zombie (this thread's event loop, which would reap it, is blocked). */
  private alive(): boolean {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      return !/\) [ZX] /.test(stat);
    } catch {
      return false;
    }
  }
}
