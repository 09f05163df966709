/**
 * The warm Python runner's controller side: one runner (python-runner-script.ts) per host
 * connection and interpreter, started on the first bridged module that can use it, over one
 * long-lived exec channel of the host's connection (Transport.openStream). A module sent to
 * it costs a fork of a Python that has already started and imported Ansible's basic module,
 * instead of a new session and a new interpreter; its stdout, stderr and rc are the same.
 *
 * It is used only where that is exactly equivalent (`runnerCanRun`); a runner that cannot
 * start (no such interpreter, an old Python, a refused channel, a shell that prints at
 * log-in) is remembered per host and interpreter, and its modules run as before. A runner
 * whose channel closes is dropped; the next module starts another. Off with
 * FLOTILLA_PYTHON_RUNNER=0.
 */
import { createHash } from 'node:crypto';
import { countRoundTrip } from '../connection/session-count.js';
import { quote } from '../connection/shell-quote.js';
import type { RemoteStream, Transport } from '../connection/transport.js';
import { FlotillaError } from '../errors/index.js';
import type { ModuleContext } from '../modules/types.js';
import type { ModulePayload } from './module-payload.js';
import { PYTHON_RUNNER_SCRIPT } from './python-runner-script.js';
import type { ModuleOutput } from './returned-data.js';

/** FLOTILLA_PYTHON_RUNNER=0 (or false/no/off) turns the runner off; it is on otherwise. */
export function pythonRunnerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.FLOTILLA_PYTHON_RUNNER?.trim().toLowerCase();
  return v === undefined || !['0', 'false', 'no', 'off'].includes(v);
}

/**
 * Environment names that change how an interpreter starts (locale and encodings, Python's
 * own settings, the user site dir, the time zone read at import, the dynamic loader): a
 * forked child of a runner started without them would differ from a fresh `python3`.
 */
const STARTUP_ENV = /^(PYTHON\w*|LC_\w+|LANG|LANGUAGE|TZ|HOME|LD_\w+|MALLOC_\w+)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Whether a new-style module run for `ctx` can go to the runner with the same outcome as
 * piping it to a fresh interpreter: no become (its own user and session), no task timeout
 * (enforced on the command's session), an environment that does not change start-up.
 */
export function runnerCanRun(ctx: ModuleContext, interpreter: string): boolean {
  if (!pythonRunnerEnabled() || ctx.become || ctx.timeoutMs !== undefined) return false;
  if (!ctx.transport.openStream) return false;
  for (const name of Object.keys(ctx.environment ?? {})) {
    if (!ENV_NAME.test(name) || STARTUP_ENV.test(name)) return false;
    // A bare interpreter name is found on PATH as the command starts.
    if (name === 'PATH' && !interpreter.startsWith('/')) return false;
  }
  return true;
}

/** The runner's reply: as a command's result, or `cold` (run it as before). */
export type RunnerReply = (ModuleOutput & { signal?: string }) | 'cold';

/** The runner went away under a module that had started: it may have run, as on a lost session. */
export class RunnerGoneError extends FlotillaError {}

const READY_TIMEOUT_MS = 30_000;

/** Frames: a 4-byte big-endian length, then the bytes. */
export function encodeFrames(...frames: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of frames) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(f.length);
    parts.push(len, f);
  }
  return Buffer.concat(parts);
}

/** Splits a byte stream into frames as they complete (a large frame is joined once, whole). */
export class FrameReader {
  private buffered: Buffer[] = [];
  private size = 0;

  /** The length announced by the first frame not yet complete, buffered or in `next`. */
  pendingLength(next?: Buffer): number {
    const all = Buffer.concat([...this.buffered, ...(next ? [next] : [])]);
    return all.length >= 4 ? all.readUInt32BE(0) : 0;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffered.push(chunk);
    this.size += chunk.length;
    const frames: Buffer[] = [];
    while (this.size >= 4) {
      const head = this.buffered[0]!.length >= 4 ? this.buffered[0]! : this.join();
      const n = head.readUInt32BE(0);
      if (this.size < 4 + n) break;
      const all = this.join();
      frames.push(all.subarray(4, 4 + n));
      const rest = all.subarray(4 + n);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
    }
    return frames;
  }

  private join(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0]!;
  }
}

interface Pending {
  id: number;
  started: boolean;
  header?: { rc?: number; signal?: string; cold?: boolean; broken?: boolean };
  frames: Buffer[];
  resolve: (r: RunnerReply) => void;
  reject: (e: Error) => void;
}

export class PythonRunner {
  private readonly reader = new FrameReader();
  private readonly sent = new Set<string>();
  private current?: Pending;
  private nextId = 1;
  private onHello?: (hello: Record<string, unknown>) => void;
  private startupStderr = '';
  private ready = false;
  /** The warm-up failed on the host: every payload would be cold. */
  broken = false;
  closed = false;
  /** The runner's PID and private temp dir on the host. */
  pid?: number;
  dir?: string;
  /** The host Python's bytecode magic number (hex): compiled zips of the same are sent. */
  magic?: string;
  /** Whether the warm-up was sent the controller's compiled zip. */
  sentBytecode = false;

  private constructor(
    private readonly stream: RemoteStream,
    private readonly host: string,
  ) {
    stream.stdout.on('data', (d: Buffer) => this.receive(d));
    stream.stderr.on('data', (d: Buffer) => {
      if (!this.ready && this.startupStderr.length < 2000) this.startupStderr += d.toString('utf8');
    });
    void stream.closed.then(() => {
      this.closed = true;
      const p = this.current;
      this.current = undefined;
      if (!p) return;
      if (p.started)
        p.reject(
          new RunnerGoneError('FLT_CONN_CLOSED', `the Python runner on ${host} ended while the module ran`, {
            host,
            hint: 'the module may have run; the next task starts a new runner',
          }),
        );
      else p.resolve('cold'); // never read: the module did not run, it runs as before
    });
  }

  /** Starts a runner with `interpreter` and waits for its ready frame. */
  static async start(transport: Transport, host: string, interpreter: string): Promise<PythonRunner> {
    const script = Buffer.from(PYTHON_RUNNER_SCRIPT);
    const boot = `import sys;exec(sys.stdin.buffer.read(${script.length}))`;
    countRoundTrip(host);
    const stream = await transport.openStream!(`exec ${quote(interpreter)} -c ${quote(boot)}`);
    const runner = new PythonRunner(stream, host);
    try {
      const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('the runner did not start in time')),
          READY_TIMEOUT_MS,
        );
        runner.onHello = (h) => {
          clearTimeout(timer);
          resolve(h);
        };
        void stream.closed.then(() => {
          clearTimeout(timer);
          reject(new Error(`the runner exited: ${runner.startupStderr.trim()}`));
        });
        stream.write(script);
      });
      // Anything a log-in shell printed would be in a fresh command's output: not equivalent.
      if (hello.ready !== true || runner.startupStderr !== '')
        throw new Error(String(hello.why ?? 'the log-in shell printed on stderr'));
      runner.ready = true;
      runner.pid = Number(hello.pid);
      runner.dir = String(hello.dir);
      if (typeof hello.magic === 'string') runner.magic = hello.magic;
      return runner;
    } catch (err) {
      runner.close();
      throw err;
    }
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Runs the payload filled with `literal` (module-payload.ts argsLiteral) in a forked child. */
  run(payload: ModulePayload, literal: Buffer, env: Record<string, string>): Promise<RunnerReply> {
    if (this.closed || this.current) return Promise.resolve('cold');
    countRoundTrip(this.host);
    const hash = payloadHash(payload);
    const first = !this.sent.has(hash);
    // The runner warms up on the first payload it is sent: with the compiled zip, when its
    // Python reads the controller's bytecode.
    const bytecode =
      this.sent.size === 0 && payload.bytecode?.magic === this.magic ? payload.bytecode : undefined;
    this.sent.add(hash);
    if (bytecode) this.sentBytecode = true;
    const id = this.nextId++;
    const header = Buffer.from(
      JSON.stringify({ id, hash, payload: first, ...(bytecode ? { bytecode: true } : {}), env }),
    );
    const frames = first
      ? [header, payload.head!, payload.tail!, ...(bytecode ? [bytecode.zip] : []), literal]
      : [header, literal];
    return new Promise<RunnerReply>((resolve, reject) => {
      this.current = { id, started: false, frames: [], resolve, reject };
      this.stream.write(encodeFrames(...frames));
    });
  }

  /** EOF on its stdin: the runner removes its dir and exits. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    // A runner that does not end (a module still running) goes with its channel.
    const timer = setTimeout(() => this.stream.destroy(), 2000);
    void this.stream.closed.then(() => clearTimeout(timer));
  }

  private receive(chunk: Buffer): void {
    // Before the ready frame, a length that is not a small frame's is a log-in shell's output.
    if (!this.ready && this.onHello && this.reader.pendingLength(chunk) > 65536) {
      this.onHello({ why: 'the log-in shell printed on stdout' });
      return;
    }
    for (const frame of this.reader.push(chunk)) {
      if (!this.ready && this.onHello) {
        this.onHello(parseHeader(frame));
        continue;
      }
      const p = this.current;
      if (!p) continue;
      if (!p.header) {
        const h = parseHeader(frame);
        if (h.started === true) p.started = true;
        else p.header = h as Pending['header'];
        continue;
      }
      p.frames.push(frame);
      if (p.frames.length < 2) continue;
      this.current = undefined;
      const h = p.header;
      if (h.cold) {
        if (h.broken) this.broken = true;
        p.resolve('cold');
        continue;
      }
      const [out, err] = p.frames as [Buffer, Buffer];
      p.resolve({
        rc: Number(h.rc),
        stdout: out.toString('utf8'),
        stderr: err.toString('utf8'),
        ...(h.signal ? { signal: h.signal } : {}),
      });
    }
  }
}

function parseHeader(frame: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(frame.toString('utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const hashes = new WeakMap<ModulePayload, string>();

/** Names a payload on the host: sent once per runner, then only its arguments. */
function payloadHash(payload: ModulePayload): string {
  let h = hashes.get(payload);
  if (!h) {
    h = createHash('sha256').update(payload.head!).update(payload.tail!).digest('hex');
    hashes.set(payload, h);
  }
  return h;
}

/** Per connection: the runner of each interpreter (or its start under way). */
const runners = new WeakMap<Transport, Map<string, Promise<PythonRunner | undefined>>>();
/** Hosts and interpreters where a runner cannot be used: `<connection key>\0<interpreter>`. */
const unavailable = new Set<string>();

/**
 * The connection's idle runner for `interpreter`, started on demand; undefined when it is
 * busy (another module of the host runs on it) or cannot be used on this host.
 */
export async function idleRunner(ctx: ModuleContext, interpreter: string): Promise<PythonRunner | undefined> {
  const { transport } = ctx;
  const key = `${transport.key}\0${interpreter}`;
  if (unavailable.has(key)) return undefined;
  let byInterpreter = runners.get(transport);
  if (!byInterpreter) runners.set(transport, (byInterpreter = new Map()));
  const start = () => {
    const starting = PythonRunner.start(transport, ctx.host, interpreter).catch(() => {
      unavailable.add(key);
      return undefined;
    });
    byInterpreter.set(interpreter, starting);
    return starting;
  };
  const starting = byInterpreter.get(interpreter) ?? start();
  let runner = await starting;
  // A runner whose channel closed is dropped: the first module after it starts another.
  if (runner?.closed)
    runner = await (byInterpreter.get(interpreter) === starting ? start() : byInterpreter.get(interpreter));
  if (!runner || runner.busy || runner.closed) return undefined;
  if (runner.broken) {
    unavailable.add(key);
    runner.close();
    return undefined;
  }
  return runner;
}

/** Forgets the hosts where a runner could not start (tests). */
export function forgetUnavailableRunners(): void {
  unavailable.clear();
}
