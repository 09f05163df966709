/**
 * Become with a password against a real sshd: two throwaway users on this machine, the first
 * with a sudo rule that needs its password, logging in with the fleet key (from its own
 * ~/.ssh/authorized_keys) or with its password (ansible_password); su between the two needs
 * the second's password. The expected failure texts are ansible-playbook 2.14's on the same
 * set-up. The password must never show in the output, an error text or a process list.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteArgs } from '../../../src/connection/shell-quote.js';
import { type Fleet, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { CLI, jsonEvents, runCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

const A = `flotbec${process.pid}a`;
const B = `flotbec${process.pid}b`;
// Distinctive, so that a leak anywhere is found by a plain search.
const PW_A = `pwA-${randomBytes(8).toString('hex')}`;
const PW_B = `pwB-${randomBytes(8).toString('hex')}`;
const SUDOERS = `/etc/sudoers.d/flotbec${process.pid}`;

let fleet: Fleet;
let dir: string;

function createUser(name: string, password: string): void {
  execFileSync('useradd', ['-m', '-s', '/bin/sh', name]);
  execFileSync('chpasswd', { input: `${name}:${password}\n` });
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }));
  const ssh = path.join('/home', name, '.ssh');
  mkdirSync(ssh, { mode: 0o700 });
  writeFileSync(path.join(ssh, 'authorized_keys'), readFileSync(`${fleet.privateKeyFile}.pub`), {
    mode: 0o600,
  });
  chownSync(ssh, uid, gid);
  chownSync(path.join(ssh, 'authorized_keys'), uid, gid);
}

beforeAll(async () => {
  dir = tempDir('flotilla-become-');
  fleet = await startFleet({
    hosts: 1,
    dir: path.join(dir, 'fleet'),
    extraUsers: [A, B],
    passwordAuthentication: true,
  });
  createUser(A, PW_A);
  createUser(B, PW_B);
  // A password on every sudo (no cached timestamp), and no lecture in the output.
  writeFileSync(SUDOERS, `${A} ALL=(ALL) ALL\nDefaults:${A} lecture=never, timestamp_timeout=0\n`);
  chmodSync(SUDOERS, 0o440);
});

afterAll(async () => {
  if (fleet) await stopFleet(fleet);
  rmSync(SUDOERS, { force: true });
  for (const user of [A, B]) {
    try {
      execFileSync('userdel', ['-r', '-f', user], { stdio: 'ignore' });
    } catch {}
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An inventory of the fleet's host, connecting as A (with the fleet key unless told otherwise). */
function inventory(vars: string[], key = true, hosts = ['node001']): string {
  const file = path.join(dir, `hosts-${randomBytes(4).toString('hex')}.ini`);
  const lines = [
    '[fleet]',
    ...hosts.map((h) => `${h} ansible_host=${fleet.hosts[0].address}`),
    '',
    '[fleet:vars]',
    `ansible_port=${fleet.port}`,
    `ansible_user=${A}`,
    ...(key ? [`ansible_ssh_private_key_file=${fleet.privateKeyFile}`] : []),
    `ansible_ssh_common_args='-o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes'`,
    ...vars,
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function playbook(tasks: string): string {
  const file = path.join(dir, `play-${randomBytes(4).toString('hex')}.yml`);
  writeFileSync(file, `- hosts: fleet\n  gather_facts: false\n  tasks:\n${tasks}`);
  return file;
}

/** The text printed under TASK [name]. */
function taskOutput(stdout: string, name: string): string {
  const start = stdout.indexOf(`TASK [${name}]`);
  expect(start, `no TASK [${name}] in:\n${stdout}`).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf('\nTASK [', start + 1);
  return stdout.slice(start, end < 0 ? stdout.indexOf('PLAY RECAP', start) : end);
}

/**
 * Runs the CLI on a terminal (util-linux `script` gives it a pty) and types `answer` (then
 * Enter) when `question` shows; returns the exit code and everything the terminal showed.
 */
function runOnTerminal(
  args: string[],
  question: string,
  answer: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoteArgs([process.execPath, CLI, ...args]), '/dev/null'], {
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...cleanEnv() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      output += d;
      if (!answered && output.includes(question)) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, output: output.replace(/\r\n/g, '\n') });
    });
  });
}

/** No environment that could log in for us: no agent, a HOME without default keys. */
const cleanEnv = () => ({ SSH_AUTH_SOCK: '', HOME: dir });

describe('become with a password', () => {
  it('answers sudo and su prompts on stdin, hides them, and sends the module stdin after', async () => {
    const pb = playbook(`    - name: sudo to root
      command: id -un
      become: true
    - name: stdin after the password
      command: { argv: [cat], stdin: from-stdin }
      become: true
    - name: raw through sudo
      raw: id -un
      become: true
    - name: copy streamed through sudo, with an environment
      copy: { content: "streamed-through-sudo\\n", dest: "${dir}/become-copy.txt" }
      become: true
      environment: { FLT_E: env-through-sudo }
    - name: environment through sudo
      shell: echo "$FLT_E"
      become: true
      environment: { FLT_E: env-through-sudo }
    - name: su to the other user
      command: id -un
      become: true
      become_method: su
      become_user: ${B}
      vars: { ansible_become_password: ${PW_B} }
    - name: raw through su
      raw: id -un
      become: true
      become_method: su
      become_user: ${B}
      vars: { ansible_su_pass: ${PW_B} }
`);
    const r = await runCli(['run', pb, '-i', inventory([`ansible_become_password=${PW_A}`]), '-v'], {
      env: cleanEnv(),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(taskOutput(r.stdout, 'sudo to root')).toContain('"stdout": "root"');
    expect(taskOutput(r.stdout, 'stdin after the password')).toContain('"stdout": "from-stdin"');
    // Ansible's tty keeps the newline that ended the password.
    expect(taskOutput(r.stdout, 'raw through sudo')).toContain('"stdout": "\\r\\nroot\\r\\n"');
    expect(readFileSync(path.join(dir, 'become-copy.txt'), 'utf8')).toBe('streamed-through-sudo\n');
    expect(statSync(path.join(dir, 'become-copy.txt')).uid).toBe(0);
    expect(taskOutput(r.stdout, 'environment through sudo')).toContain('"stdout": "env-through-sudo"');
    expect(taskOutput(r.stdout, 'su to the other user')).toContain(`"stdout": "${B}"`);
    expect(taskOutput(r.stdout, 'raw through su')).toContain(`"stdout": "\\r\\n${B}\\r\\n"`);
    expect(r.stdout).not.toMatch(/password:|BECOME-SUCCESS/i);
    expect(r.stdout + r.stderr).not.toContain(PW_A);
    expect(r.stdout + r.stderr).not.toContain(PW_B);
  });

  it("fails a wrong or missing password with Ansible's message and exit code", async () => {
    const pb = playbook(`    - name: wrong sudo password
      command: id -un
      become: true
      vars: { ansible_become_password: wrong-${PW_A} }
      ignore_errors: true
    - name: no password where sudo needs one
      command: id -un
      become: true
      vars: { ansible_become_password: '' }
      ignore_errors: true
    - name: wrong su password
      raw: id -un
      become: true
      become_method: su
      become_user: ${B}
      vars: { ansible_become_password: wrong-${PW_B} }
`);
    const r = await runCli(['run', pb, '-i', inventory([`ansible_become_password=${PW_A}`])], {
      env: cleanEnv(),
    });
    expect(taskOutput(r.stdout, 'wrong sudo password')).toContain(
      'fatal: [node001]: FAILED! => {"msg": "Incorrect sudo password"}',
    );
    expect(taskOutput(r.stdout, 'no password where sudo needs one')).toContain(
      'fatal: [node001]: FAILED! => {"msg": "Missing sudo password"}',
    );
    expect(taskOutput(r.stdout, 'wrong su password')).toContain(
      'fatal: [node001]: FAILED! => {"msg": "Incorrect su password"}',
    );
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/pw[AB]-/);
  });

  it('asks -K on the terminal without echo, and never shows it in ps, -vvv or --json', async () => {
    const pb = playbook(`    - name: slow
      command: sleep 1
      become: true
    - name: who
      command: id -un
      become: true
`);
    const seen: string[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        seen.push(
          await new Promise<string>((resolve) =>
            execFile('ps', ['-eo', 'args='], { maxBuffer: 16 << 20 }, (_e, out) => resolve(String(out))),
          ),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const r = await runOnTerminal(
      ['run', pb, '-i', inventory([]), '-K', '-vvv'],
      'BECOME password: ',
      PW_A,
    ).finally(() => {
      polling = false;
    });
    await poll;
    expect(r.code, r.output).toBe(0);
    expect(taskOutput(r.output, 'who')).toContain('"stdout": "root"');
    expect(
      seen.some((ps) => ps.includes('sleep 1')),
      'ps saw the task running',
    ).toBe(true);
    expect(seen.filter((ps) => ps.includes(PW_A))).toEqual([]);
    expect(r.output, 'typed, not echoed').not.toContain(PW_A);

    // `--become-password-file -` reads stdin.
    const j = await runCli(['run', pb, '-i', inventory([]), '--become-password-file', '-', '--json'], {
      env: cleanEnv(),
      input: `${PW_A}\n`,
    });
    expect(j.code, j.stdout + j.stderr).toBe(0);
    const who = jsonEvents(j.stdout).find((e) => e.type === 'host_result' && e.result?.cmd?.[0] === 'id');
    expect(who?.result.stdout).toBe('root');
    expect(j.stdout + j.stderr).not.toContain(PW_A);
  });

  it('logs in with ansible_password (no key, no agent) and reports a wrong one unreachable', async () => {
    const pb = playbook(`    - name: who
      command: id -un
`);
    const inv = inventory([], false, [`good ansible_password=${PW_A}`, `bad ansible_ssh_pass=wrong-${PW_A}`]);
    const r = await runCli(['run', pb, '-i', inv, '-vvv'], { env: cleanEnv() });
    const who = taskOutput(r.stdout, 'who');
    expect(who).toContain('changed: [good] =>');
    expect(who).toContain(`"stdout": "${A}"`);
    expect(who).toContain('fatal: [bad]: UNREACHABLE!');
    expect(who).toContain('check ansible_user and ansible_password');
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).not.toMatch(/pwA-/);
  });
});
