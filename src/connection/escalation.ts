/**
 * Ansible's privilege-escalation handshake for one command (connection/ssh.py _bare_run and
 * _examine_output): until the become user's shell echoes the success marker, the command's
 * output is examined line by line. The password prompt is answered on stdin (so the password
 * never is in a command line or a file on the host) and taken out of the output, as is the
 * success line; "Sorry, try again." or a second prompt ends the command as "Incorrect sudo
 * password", sudo -n's complaint as "Missing sudo password". The command's own stdin is sent
 * only once it runs as the become user, so the password can never reach the command.
 */
import { FlotillaError } from '../errors/index.js';
import type { Escalation } from './transport.js';

export type OutputStream = 'stdout' | 'stderr';

type State = 'awaiting_prompt' | 'awaiting_escalation' | 'escalated' | 'failed';

export interface EscalationIo {
  /** Writes the password to the command's stdin, leaving stdin open. */
  write(data: string): void;
  /** Escalation succeeded: send the command's stdin now and close it. */
  ready(): void;
  /** Escalation failed: end the command; `error` is the task's failure. */
  fail(error: FlotillaError): void;
}

export class EscalationWatcher {
  private state: State;
  private readonly pending: Record<OutputStream, Buffer> = {
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
  };
  private readonly kept: Record<OutputStream, Buffer[]> = { stdout: [], stderr: [] };
  /** Ansible's _flags: what the lines examined so far said. */
  private flags = { prompt: false, success: false, incorrect: false, missing: false };
  private timer?: NodeJS.Timeout;

  private readonly timeoutMs: number;

  constructor(
    private readonly esc: Escalation,
    private readonly io: EscalationIo,
    defaultTimeoutMs: number,
  ) {
    this.timeoutMs = esc.timeoutMs ?? defaultTimeoutMs;
    this.state = esc.prompts ? 'awaiting_prompt' : 'awaiting_escalation';
    this.arm();
  }

  get escalated(): boolean {
    return this.state === 'escalated';
  }

  /** The password prompt came and was answered. */
  promptAnswered = false;

  /** The output kept so far (what the command printed, without prompt and success lines). */
  output(stream: OutputStream): Buffer {
    return Buffer.concat([...this.kept[stream], this.pending[stream]]);
  }

  feed(stream: OutputStream, chunk: Buffer): void {
    if (this.state === 'escalated' || this.state === 'failed') {
      this.kept[stream].push(chunk);
      return;
    }
    this.arm(); // Ansible times out only after this long without any output
    const rest = this.examine(stream, Buffer.concat([this.pending[stream], chunk]));
    this.act();
    if (this.escalated) {
      // The command's own output: it passes untouched from here on.
      for (const s of ['stdout', 'stderr'] as const) {
        this.kept[s].push(this.pending[s]);
        this.pending[s] = Buffer.alloc(0);
      }
      this.kept[stream].push(rest);
    }
  }

  /** The command ended: stop the clock; what is still pending is output. */
  finish(): void {
    clearTimeout(this.timer);
  }

  /**
   * Examines the complete lines and the trailing incomplete one (a prompt has no newline).
   * Returns the bytes after the success line, which are the command's and are not examined.
   */
  private examine(stream: OutputStream, data: Buffer): Buffer {
    const expectPrompt = this.esc.prompts && Boolean(this.esc.password);
    let start = 0;
    while (start < data.length) {
      const nl = data.indexOf(0x0a, start);
      const end = nl < 0 ? data.length : nl + 1;
      const raw = data.subarray(start, end);
      const line = raw.toString('utf8');
      start = end;
      let suppress = false;
      if (expectPrompt && this.esc.isPrompt(line)) {
        this.flags.prompt = true;
        suppress = true;
      } else if (line.trimEnd().includes(this.esc.success)) {
        this.flags.success = true;
        this.pending[stream] = Buffer.alloc(0);
        return data.subarray(start);
      } else if (this.esc.incorrect.some((m) => line.includes(m))) this.flags.incorrect = true;
      else if (this.esc.missing.some((m) => line.includes(m))) this.flags.missing = true;
      if (suppress) continue;
      if (nl < 0) {
        this.pending[stream] = Buffer.from(raw); // an incomplete line: examined again with more
        return Buffer.alloc(0);
      }
      this.kept[stream].push(Buffer.from(raw));
    }
    this.pending[stream] = Buffer.alloc(0);
    return Buffer.alloc(0);
  }

  private act(): void {
    const f = this.flags;
    if (this.state === 'awaiting_prompt') {
      if (f.prompt) {
        f.prompt = false;
        this.promptAnswered = true;
        this.io.write(`${this.esc.password}\n`);
        this.state = 'awaiting_escalation';
      } else if (f.success) this.state = 'awaiting_escalation';
    }
    if (this.state !== 'awaiting_escalation') return;
    if (f.success) {
      this.state = 'escalated';
      clearTimeout(this.timer);
      this.io.ready();
    } else if (f.incorrect || f.prompt) this.fail(`Incorrect ${this.esc.method} password`);
    else if (f.missing) this.fail(`Missing ${this.esc.method} password`);
  }

  private fail(message: string): void {
    this.state = 'failed';
    clearTimeout(this.timer);
    this.io.fail(
      new FlotillaError('FLT_BECOME_PASSWORD', message, {
        hint: 'check ansible_become_password (or -K / --become-password-file) and the host’s sudoers',
      }),
    );
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.state === 'escalated' || this.state === 'failed') return;
      this.state = 'failed';
      const seconds = Math.round(this.timeoutMs / 1000);
      this.io.fail(
        new FlotillaError(
          'FLT_BECOME_TIMEOUT',
          `Timeout (${seconds}s) waiting for privilege escalation prompt: ${Buffer.concat(this.kept.stdout).toString('utf8')}`,
          { hint: 'the become method printed neither its password prompt nor its success marker' },
        ),
      );
    }, this.timeoutMs);
  }
}
