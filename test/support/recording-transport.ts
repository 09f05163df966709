/**
 * A transport double for unit tests of the code above the transports: it records what it
 * is asked (connect, commands with their options, close), answers commands from a script,
 * and fails its connect with a chosen error code.
 */
import type { ConnectionParams, ExecOptions, ExecResult, Transport } from '../../src/connection/transport.js';
import type { TransportKind } from '../../src/connection/transports.js';

export class RecordingTransport implements Transport {
  readonly key: string;
  connects = 0;
  closed = false;
  readonly commands: { command: string; options?: ExecOptions }[] = [];

  constructor(
    readonly params: ConnectionParams,
    private readonly behaviour: {
      /** The code the connect attempt fails with. */
      failConnect?: string;
      /** Connecting waits for this (a slow host). */
      connectGate?: Promise<void>;
      /** The answer to a command (default: rc 0, no output). */
      answer?: (command: string) => ExecResult;
    } = {},
  ) {
    this.key = `${params.connection}:${params.host}`;
  }

  async connect(): Promise<void> {
    this.connects++;
    await this.behaviour.connectGate;
    const code = this.behaviour.failConnect;
    if (code) throw Object.assign(new Error(`cannot reach ${this.params.host}`), { code });
  }

  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    this.commands.push({ command, options });
    return this.behaviour.answer?.(command) ?? { rc: 0, stdout: '', stderr: '' };
  }

  async put(): Promise<void> {}

  async get(): Promise<Buffer> {
    return Buffer.alloc(0);
  }

  async isAlive(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A transport kind whose transports are RecordingTransports, kept in `made` for inspection. */
export function recordingKind(
  name: string,
  options: { pooled: boolean; failConnect?: string; connectGate?: Promise<void>; user?: string },
): TransportKind & { made: RecordingTransport[] } {
  const made: RecordingTransport[] = [];
  return {
    name,
    pooled: options.pooled,
    made,
    create: (params) => {
      const t = new RecordingTransport(params, options);
      made.push(t);
      return t;
    },
    loginUser: (params) => options.user ?? params.user,
  };
}
