/**
 * Secrets canary: each kind of secret a play can hold gets a random canary string, and the
 * play uses them the ways that have leaked before (a retried no_log task, an include loop
 * under no_log, a task that fails and one that times out with the secrets in its
 * environment, raw, command). Then no canary may appear:
 *   - in any output mode (default, -vvvv, --json, --profile), stdout or stderr;
 *   - on any process command line (`ps -eo args`, sampled all along: fleet hosts are this
 *     machine, so this is the controller and the hosts at once);
 *   - in any file the runs left behind (/tmp, /var/tmp, ~/.ansible written since the start).
 *
 * A kind of secret is one entry of SECRETS. The fleet logs in as root, whom sudo never asks
 * for a password, so the become password here rides along unused through every layer;
 * test/integration/connection/become-password.test.ts answers real sudo and su prompts and
 * checks ps, -vvv and --json for it.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { vaultEncrypt } from '../../../src/vault/format.js';
import type { Fleet } from '../../../tools/fleet/index.js';
import { type CliResult, runCli } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

const fleet = inject('fleet') as Fleet;
const run = promisify(execFile);
const tag = () => Math.random().toString(36).slice(2, 10);
const VAULT_PASSWORD = `vaultpw-${tag()}`;

interface SecretKind {
  what: string;
  canary: string;
  /** Play `vars:` entries (YAML, two-space indented under vars). */
  vars?: string[];
  /** Play `environment:` entries. */
  environment?: string[];
  /** Extra `[fleet:vars]` inventory lines. */
  inventory?: string[];
}

const vaulted = `VAULT-CANARY-${tag()}`;
const SECRETS: SecretKind[] = [
  {
    what: 'a vaulted value (used in the environment and in no_log tasks)',
    canary: vaulted,
    vars: [
      'vaulted: !vault |',
      ...vaultEncrypt(vaulted, VAULT_PASSWORD, null, 'default')
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    ],
    environment: ['VAULT_TOKEN: "{{ vaulted }}"'],
  },
  {
    what: 'a no_log value',
    canary: `NOLOG-CANARY-${tag()}`,
    vars: [`nolog_value: NOLOG-CANARY-PLACEHOLDER`],
  },
  {
    what: 'an environment: value',
    canary: `ENV-CANARY-${tag()}`,
    environment: ['API_TOKEN: ENV-CANARY-PLACEHOLDER'],
  },
  { what: 'the vault password', canary: VAULT_PASSWORD },
  {
    what: 'a become password (inventory ansible_become_password, used by the become task)',
    canary: `BECOME-CANARY-${tag()}`,
    inventory: ['ansible_become_password=BECOME-CANARY-PLACEHOLDER'],
  },
];
for (const s of SECRETS) {
  const fill = (l: string) => l.replace(/[A-Z]+-CANARY-PLACEHOLDER/, s.canary);
  s.vars = s.vars?.map(fill);
  s.environment = s.environment?.map(fill);
  s.inventory = s.inventory?.map(fill);
}

const indent = (lines: string[], n: number) => lines.map((l) => `${' '.repeat(n)}${l}`).join('\n');

const PLAYBOOK = `- hosts: fleet
  gather_facts: false
  vars:
${indent(
  SECRETS.flatMap((s) => s.vars ?? []),
  4,
)}
  environment:
${indent(
  SECRETS.flatMap((s) => s.environment ?? []),
  4,
)}
  tasks:
    - name: slow task (raw keeps its shell, and that shell's command line, alive)
      raw: sleep 1.53; test -n "$API_TOKEN" && test -n "$VAULT_TOKEN"
    - name: slow task as another user (sudo stays the command's parent)
      shell: sleep 0.93; test -n "$API_TOKEN"
      become: true
      become_user: nobody
    - name: fails with the secrets in its environment
      shell: exit 3
      ignore_errors: true
    - name: times out with the secrets in its environment
      shell: sleep 7.41
      timeout: 1
      ignore_errors: true
    - name: command fails
      command: /bin/false
      ignore_errors: true
    - name: raw fails
      raw: test -z "$API_TOKEN"
      ignore_errors: true
    - name: no_log output, retried
      shell: cat; exit 1
      args:
        stdin: "{{ nolog_value }} {{ vaulted }}"
      register: r
      until: r.rc == 0
      retries: 1
      delay: 0
      no_log: true
      ignore_errors: true
    - name: no_log debug
      debug:
        msg: "{{ nolog_value }} {{ vaulted }}"
      no_log: true
    - name: no_log include loop
      include_tasks: inc.yml
      loop: ["{{ nolog_value }}", "{{ vaulted }}"]
      no_log: true
`;

const MODES: [string, string[]][] = [
  ['default', []],
  ['-vvvv', ['-vvvv']],
  ['--json', ['--json']],
  ['--profile', ['--profile']],
];

describe('secrets canary', () => {
  let dir: string;
  const results = new Map<string, CliResult>();
  const commandLines = new Set<string>();
  let leftovers: Record<string, string[]> = {};

  beforeAll(async () => {
    dir = tempDir('flotilla-secrets-canary-');
    const marker = path.join(dir, 'started');
    writeFileSync(marker, '');
    writeFileSync(path.join(dir, 'play.yml'), PLAYBOOK);
    writeFileSync(path.join(dir, 'inc.yml'), '- debug: msg=included\n');
    writeFileSync(path.join(dir, 'pw.txt'), `${VAULT_PASSWORD}\n`);
    const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
    const hosts = fleet.hosts.slice(0, 1).map((h) => `${h.name} ansible_host=${h.address}`);
    const extra = SECRETS.flatMap((s) => s.inventory ?? []);
    writeFileSync(
      path.join(dir, 'hosts.ini'),
      `[fleet]\n${hosts.join('\n')}\n\n[fleet:vars]${base}${extra.join('\n')}\n`,
    );

    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { stdout } = await run('ps', ['-eo', 'args'], { maxBuffer: 16 << 20 });
        for (const line of stdout.split('\n')) commandLines.add(line);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const args = ['run', 'play.yml', '-i', 'hosts.ini', '--vault-password-file', 'pw.txt'];
    await Promise.all(
      MODES.map(async ([mode, extraArgs]) => {
        results.set(mode, await runCli([...args, ...extraArgs], { cwd: dir, timeoutMs: 60_000 }));
      }),
    );
    sampling = false;
    await sampler;
    leftovers = scanFiles(
      marker,
      dir,
      SECRETS.map((s) => s.canary),
    );
  }, 90_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ran every path the secrets could leak through', () => {
    const out = results.get('default')!;
    expect(out.code, out.stderr).toBe(0);
    for (const text of [
      'FAILED - RETRYING: [',
      'included: ',
      'The shell action failed to execute in the expected time frame (1) and was terminated',
      '"rc": 3',
    ]) {
      expect(out.stdout).toContain(text);
    }
    for (const [mode, r] of results) expect(r.code, `${mode}: ${r.stderr}`).toBe(0);
    // ps caught the slow task while it ran: the samples cover the tasks' lifetimes.
    expect([...commandLines].some((l) => l.includes('sleep 1.53'))).toBe(true);
    expect([...commandLines].some((l) => l.startsWith('sudo') && l.includes('sleep 0.93'))).toBe(true);
  });

  for (const { what, canary } of SECRETS) {
    it(`${what}: in no output, command line or leftover file`, () => {
      for (const [mode, r] of results) {
        expect(r.stdout, `${mode} stdout`).not.toContain(canary);
        expect(r.stderr, `${mode} stderr`).not.toContain(canary);
      }
      expect([...commandLines].filter((l) => l.includes(canary))).toEqual([]);
      expect(leftovers[canary]).toEqual([]);
    });
  }
});

/** Files under the temp dirs changed since `marker` (not the test's own dir) holding each canary. */
function scanFiles(marker: string, own: string, canaries: string[]): Record<string, string[]> {
  const since = statSync(marker).mtimeMs;
  const found: Record<string, string[]> = Object.fromEntries(canaries.map((c) => [c, []]));
  const roots = [os.tmpdir(), '/var/tmp', path.join(os.homedir(), '.ansible')];
  const walk = (d: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (p === own) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          const st = statSync(p);
          if (st.mtimeMs < since || st.size > 4 << 20) continue;
          const text = readFileSync(p, 'latin1');
          for (const c of canaries) if (text.includes(c)) found[c].push(p);
        } catch {}
      }
    }
  };
  for (const r of roots) walk(r);
  return found;
}
