/**
 * Every ansible-playbook 2.14 option is known to `flotilla run`: the options are read from
 * `ansible-playbook --help` at test time (so a new one is not missed), and each is given to
 * both tools with --syntax-check. flotilla must accept it as ansible-playbook does (exit 0,
 * the same stdout), or refuse it on purpose: exit 2 (argparse's usage error) and a message
 * naming the option and saying why. An unknown option must stay argparse's exit 2 on both.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REFUSED_OPTIONS } from '../../../src/cli/playbook-options.js';
import { type CliResult, runCli, runProcess } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';
import { ANSIBLE_PLAYBOOK } from '../diff/harness.js';

interface HelpOption {
  /** Every name of the option (`-i`, `--inventory`, `--inventory-file`). */
  names: string[];
  /** The value's name (`INVENTORY`), or undefined for a flag. */
  metavar?: string;
}

/** The options section of argparse's help: lines that start with two spaces and a dash. */
function optionsFromHelp(help: string): HelpOption[] {
  const out: HelpOption[] = [];
  for (const line of help.split('\n')) {
    const m = /^ {2}(-.*?)(?: {2,}|$)/.exec(line);
    if (!m) continue;
    const parts = m[1].split(', ').map((p) => p.trim().split(' '));
    out.push({ names: parts.map((p) => p[0]), metavar: parts[0][1] });
  }
  return out;
}

function ansible(args: string[], cwd: string): Promise<CliResult> {
  return runProcess(ANSIBLE_PLAYBOOK, args, {
    cwd,
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCAL_TEMP: path.join(cwd, '.ansible-tmp') },
    timeoutMs: null,
  });
}

const dir = tempDir('flotilla-options-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const playbook = path.join(dir, 'play.yml');
writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
const inventory = path.join(dir, 'hosts.ini');
writeFileSync(inventory, 'h1 ansible_connection=local\n');
const secretFile = path.join(dir, 'secret.txt');
writeFileSync(secretFile, 'pw\n');
chmodSync(secretFile, 0o600);

/** A value each option takes (by argparse's metavar). */
function valueFor(metavar: string): string {
  const values: Record<string, string> = {
    INVENTORY: inventory,
    FORKS: '5',
    TIMEOUT: '10',
    SUBSET: 'all',
    EXTRA_VARS: 'a=1',
    TAGS: 'x',
    SKIP_TAGS: 'x',
    VAULT_IDS: `lbl@${secretFile}`,
    MODULE_PATH: dir,
    START_AT_TASK: 'x',
    SSH_COMMON_ARGS: '-o ConnectTimeout=5',
    SSH_EXTRA_ARGS: '-o ServerAliveInterval=5',
    SFTP_EXTRA_ARGS: '-l 100',
    SCP_EXTRA_ARGS: '-l 100',
    REMOTE_USER: os.userInfo().username,
    CONNECTION: 'local',
    BECOME_METHOD: 'sudo',
    BECOME_USER: 'root',
  };
  return values[metavar] ?? secretFile; // the *_FILE(S) options
}

/** Options whose run cannot be a --syntax-check (they print and exit). */
const EXITING = new Set(['-h', '--help', '--version']);

/** Options that ask for the vault password even under --syntax-check (stdin here is not a terminal). */
const ASKS_VAULT = new Set(['--ask-vault-pass', '--ask-vault-password']);

const refusedFlags = new Set(Object.values(REFUSED_OPTIONS).flatMap((r) => r.flag.split('/')));

/**
 * ansible-playbook's own verdict on each command line, from its argument parsing alone
 * (PlaybookCLI.parse, in one Python process: a run per option would take minutes): 0, or
 * the exit code argparse or the option checks end with.
 */
function ansibleVerdicts(argLists: string[][]): number[] {
  const script = `
import contextlib, io, json, sys
sys.path.insert(0, '/usr/lib/python3/dist-packages')
from ansible.cli.playbook import PlaybookCLI
out = []
for args in json.load(sys.stdin):
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            PlaybookCLI(['ansible-playbook'] + args).parse()
        out.append(0)
    except SystemExit as e:
        out.append(e.code)
print(json.dumps(out))
`;
  const text = execFileSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify(argLists),
    encoding: 'utf8',
    cwd: dir,
  });
  return JSON.parse(text);
}

/** The file side of argparse's mutually exclusive pairs (-k | --connection-password-file, …). */
const EXCLUSIVE_FILES = new Set([
  '--connection-password-file',
  '--conn-pass-file',
  '--become-password-file',
  '--become-pass-file',
  '--vault-password-file',
  '--vault-pass-file',
]);

describe('ansible-playbook --help: every option is known to flotilla run', async () => {
  const help = await ansible(['--help'], dir);
  const options = optionsFromHelp(help.stdout);
  const cases = options
    .flatMap((o) => o.names.map((name, index) => ({ name, index, metavar: o.metavar })))
    .filter((c) => !EXITING.has(c.name))
    .map((c) => {
      const value = c.metavar === undefined ? undefined : valueFor(c.metavar);
      // A value that starts with a dash goes after `=`, or argparse takes it for an option.
      const words =
        value === undefined ? [c.name] : value.startsWith('-') ? [`${c.name}=${value}`] : [c.name, value];
      return { ...c, words };
    });
  /**
   * The accepted options in a few command lines (a process per option would take minutes on a
   * loaded machine): the n-th name of every option together, the file sides of exclusive pairs
   * apart. Each line must be accepted as ansible-playbook accepts it.
   */
  const accepted = cases.filter((c) => !refusedFlags.has(c.name) && !ASKS_VAULT.has(c.name));
  const lines = [0, 1, 2].flatMap((index) =>
    [false, true].map((files) =>
      accepted.filter((c) => c.index === index && EXCLUSIVE_FILES.has(c.name) === files),
    ),
  );
  const lineArgs = lines
    .filter((l) => l.length > 0)
    .map((l) => [...l.flatMap((c) => c.words), '-i', inventory, '--syntax-check', playbook]);
  const refused = cases.filter((c) => refusedFlags.has(c.name));
  const verdicts = ansibleVerdicts([
    ...lineArgs,
    ...refused.map((c) => [...c.words, '-i', inventory, playbook]),
  ]);
  // What ansible-playbook prints for an accepted command line under --syntax-check.
  const baseline = await ansible(['-i', inventory, '--syntax-check', playbook], dir);

  it('the help lists the 2.14 options, and every one is tried', () => {
    expect(help.code).toBe(0);
    const names = options.flatMap((o) => o.names);
    for (const n of ['--flush-cache', '--step', '-M', '--ssh-common-args', '--inventory-file', '-k'])
      expect(names).toContain(n);
    expect(options.length).toBeGreaterThan(35);
    const tried = new Set([...lines.flat(), ...refused].map((c) => c.name));
    for (const n of [...ASKS_VAULT, ...EXITING]) tried.add(n);
    expect(names.filter((n) => !tried.has(n))).toEqual([]);
    expect(baseline.code).toBe(0);
  });

  it.concurrent.each(lineArgs.map((args, i) => ({ args, ansibleCode: verdicts[i], what: args.join(' ') })))(
    'accepted as ansible-playbook accepts them: $what',
    async ({ args, ansibleCode }) => {
      expect(ansibleCode).toBe(0);
      const f = await runCli(['run', ...args], { cwd: dir });
      // -v adds the config file line at the top, as it does in ansible-playbook
      const stdout = f.stdout.replace(/^No config file found; using defaults\n/, '');
      expect({ code: f.code, stdout }, f.stderr).toEqual({ code: 0, stdout: baseline.stdout });
    },
  );

  it.concurrent.each(refused.map((c, i) => ({ ...c, ansibleCode: verdicts[lineArgs.length + i] })))(
    'refused with the reason: $name (ansible-playbook accepts it)',
    async ({ name, words, ansibleCode }) => {
      expect(ansibleCode).toBe(0);
      const f = await runCli(['run', ...words, '-i', inventory, playbook], { cwd: dir });
      expect(f.code, f.stderr).toBe(2);
      expect(f.stderr).toMatch(new RegExp(`${name.replace(/-/g, '\\-')}\\S* is not supported: \\w+`));
    },
  );

  it('--ask-vault-pass/--ask-vault-password with no terminal: both fail, exit 1', async () => {
    const args = ['--ask-vault-pass', '-i', inventory, '--syntax-check', playbook];
    const [a, f1, f2] = await Promise.all([
      ansible(args, dir),
      runCli(['run', ...args], { cwd: dir }),
      runCli(['run', '--ask-vault-password', ...args.slice(1)], { cwd: dir }),
    ]);
    expect([a.code, f1.code, f2.code], f1.stderr).toEqual([1, 1, 1]);
  });

  it.each(['-h', '--help', '--version'])('%s prints and exits 0', async (name) => {
    const f = await runCli(['run', name]);
    expect(f.code, f.stderr).toBe(0);
  });

  it('bad command lines are usage errors on both (exit 2): an unknown option, exclusive options', async () => {
    const lines = [
      ['--no-such-option', playbook],
      ['-k', '--connection-password-file', secretFile, playbook],
      ['-K', '--become-password-file', secretFile, playbook],
      ['--ask-vault-pass', '--vault-password-file', secretFile, playbook],
      ['--ask-vault-password', '--vault-pass-file', secretFile, playbook],
    ];
    const codes = await Promise.all(lines.map((l) => runCli(['run', '-i', inventory, ...l], { cwd: dir })));
    expect(ansibleVerdicts(lines.map((l) => ['-i', inventory, ...l]))).toEqual(lines.map(() => 2));
    // A code of null is an exit by signal (seen once under the full suite): say which, with stderr.
    const why = codes.map(
      (c, i) => `${lines[i]?.join(' ')}: ${c.code ?? c.signal} ${c.stderr.slice(0, 300)}`,
    );
    expect(
      codes.map((c) => c.code),
      why.join('\n'),
    ).toEqual(lines.map(() => 2));
  });
});
