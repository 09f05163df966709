/** Runs the built CLI as a subprocess, as users run it. */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dirs.js';

export const CLI = fileURLToPath(new URL('../../dist/flotilla.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  /** The program's whole environment (not merged with this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onSpawn?: (pid: number) => void;
  /** Killed (SIGKILL) after this long; default 2 min, null: never. */
  timeoutMs?: number | null;
  /** Written to the program's stdin (a pipe, not a terminal), which is then closed. */
  input?: string;
}

/** Runs a program (no shell) to its end: exit code, signal, stdout and stderr. */
export function runProcess(file: string, args: string[], options: ProcessOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = '';
    let stderr = '';
    // Both are pipes (stdio above); the type cannot tell, as stdin's choice makes it a union.
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer =
      options.timeoutMs === null
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('spawn', () => options.onSpawn?.(child.pid!));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the built CLI; `env` is added to this process's, with colour off. */
export function runCli(args: string[], options: ProcessOptions = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  return runProcess(process.execPath, [CLI, ...args], {
    ...options,
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...options.env },
  });
}

export function tempFile(name: string, text: string): string {
  const dir = tempDir('flotilla-test-');
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** JSON events printed with --json. */
export function jsonEvents(stdout: string): Record<string, any>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}
