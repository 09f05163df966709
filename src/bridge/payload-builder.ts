/**
 * Builds AnsiballZ payloads with the controller's ansible-core, once per module per process:
 * one long-lived Python helper (builder-script.ts), started on the first bridged module and
 * ended by `close()` (its scratch dir, Ansible's local tmp, removed with it). Every host's run
 * of a module reuses the same payload with its own arguments (module-payload.ts).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FlotillaError } from '../errors/index.js';
import { BUILDER_SCRIPT } from './builder-script.js';
import { type ModulePayload, type ModuleStyle, splitPayload } from './module-payload.js';

interface Answer {
  id: number;
  style?: ModuleStyle;
  shebang?: string | null;
  payload?: string;
  bytecode?: string | null;
  magic?: string;
  error?: string;
}

export class PayloadBuilder {
  private child?: ChildProcessWithoutNullStreams;
  private scratch?: string;
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  private readonly built = new Map<string, Promise<ModulePayload>>();
  private stderr = '';

  constructor(private readonly python = ansiblePython()) {}

  /**
   * The payload of the module file at `modulePath`, known to Ansible as `name`. `dirs` are
   * the playbook's and the roles' dirs, whose `module_utils/` the module may import from.
   */
  payload(name: string, modulePath: string, dirs: readonly string[] = []): Promise<ModulePayload> {
    let p = this.built.get(modulePath);
    if (!p) {
      p = this.request(name, modulePath, dirs);
      this.built.set(modulePath, p);
      p.catch(() => this.built.delete(modulePath)); // a failure is not cached
    }
    return p;
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    this.scratch = undefined;
  }

  private async request(name: string, modulePath: string, dirs: readonly string[]): Promise<ModulePayload> {
    const child = this.start();
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve) => {
      this.waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, name, path: modulePath, dirs })}\n`);
    });
    if (answer.error !== undefined || !answer.style || answer.payload === undefined)
      throw builderError(name, answer.error ?? this.stderr);
    const payload = splitPayload(
      name,
      answer.style,
      answer.shebang ?? undefined,
      Buffer.from(answer.payload, 'base64'),
    );
    if (answer.bytecode && answer.magic)
      payload.bytecode = { magic: answer.magic, zip: Buffer.from(answer.bytecode, 'base64') };
    return payload;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    this.scratch = mkdtempSync(path.join(os.tmpdir(), 'flotilla-ansiballz-'));
    const child = spawn(this.python, ['-c', BUILDER_SCRIPT], {
      // Ansible's local tmp (its AnsiballZ cache) in a dir of ours, removed on close.
      env: { ...process.env, ANSIBLE_LOCAL_TEMP: this.scratch },
      stdio: 'pipe',
    });
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?(): void }).unref?.();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
    });
    const fail = (why: string) => {
      for (const [id, resolve] of this.waiting) resolve({ id, error: `${why}\n${this.stderr}`.trim() });
      this.waiting.clear();
      if (this.child === child) this.child = undefined;
    };
    child.on('error', (err) => fail(err.message));
    child.on('exit', (code) => fail(`the payload builder exited (${code})`));
    child.stdin.on('error', () => {}); // an early exit is reported by 'exit'
    this.child = child;
    return child;
  }
}

function builderError(name: string, detail: string): FlotillaError {
  if (/No module named 'ansible'|ENOENT/.test(detail)) {
    return new FlotillaError(
      'FLT_BRIDGE_NO_ANSIBLE',
      `module ${name} is not built into flotilla and runs from Ansible's own code, but ansible-core is not installed on the controller`,
      {
        hint: 'install ansible-core (`apt-get install ansible-core`, or `pip install ansible-core`) on this machine',
      },
    );
  }
  return new FlotillaError('FLT_BRIDGE_BUILD', `could not build module ${name}: ${detail}`);
}

/**
 * The Python that runs ansible-core on this machine: the interpreter of `ansible-playbook`'s
 * `#!` line on PATH (Debian: /usr/bin/python3), else `python3`.
 */
export function ansiblePython(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      const first = readFileSync(path.join(dir, 'ansible-playbook'), 'utf8').split('\n', 1)[0] ?? '';
      const interpreter = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
      if (interpreter?.[1])
        return interpreter[1].endsWith('/env') && interpreter[2] ? interpreter[2] : interpreter[1];
    } catch {}
  }
  return 'python3';
}
