/**
 * Differential harness: runs one playbook with the real `ansible-playbook` (ansible-core
 * 2.14, the oracle) and with the built flotilla CLI against the same fleet hosts, each
 * writing under its own root (extra var `root`), and returns what can be compared: the
 * PLAY RECAP per host, the exit code, and the files written (paths, contents, modes).
 *
 * Every fleet host is a loopback address on this machine, so all hosts share one file
 * system: playbooks must write under `{{ root }}/{{ inventory_hostname }}/…`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Fleet, type StartFleetOptions, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { runCli, runProcess } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

/**
 * A small fleet of its own for a differential test file: the shared fleet's sshd log and
 * session counts are what other integration tests assert on, and Ansible's logins would
 * show up there.
 */
export function ownFleet(hosts = 4, options: Omit<StartFleetOptions, 'hosts'> = {}): () => Fleet {
  let fleet: Fleet | undefined;
  beforeAll(async () => {
    fleet = await startFleet({ ...options, hosts });
  });
  afterAll(async () => {
    if (fleet) await stopFleet(fleet);
  });
  return () => {
    if (!fleet) throw new Error('the differential fleet is not started');
    return fleet;
  };
}

export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';
const hasAnsible = existsSync(ANSIBLE_PLAYBOOK);

export interface RecapLine {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface SideResult {
  code: number | null;
  stdout: string;
  stderr: string;
  recap: Record<string, RecapLine>;
  /** Relative path under root -> `mode content` (directories: `mode <dir>`). */
  files: Record<string, string>;
}

export interface DiffCase {
  /** The playbook (file name `play.yml`). */
  playbook: string;
  /** Other files next to the playbook (task files, roles/…, templates/…, vars files). */
  files?: Record<string, string>;
  /** How many fleet hosts (default 3). */
  hosts?: number;
  /** Extra inventory lines added to the `[fleet]` group section (e.g. host vars). */
  inventoryExtra?: string[];
  /** Extra CLI arguments given to both (e.g. --check, --tags x). */
  args?: string[];
  /** Runs once the case's files are written (e.g. to make a script executable). */
  setup?: (dir: string) => void;
  /** Extra environment for both tools; `{dir}` in a value is the case's directory. */
  env?: Record<string, string>;
  /** Run the tools one after the other (the case changes state its hosts share), not at once. */
  sequential?: boolean;
}

export interface DiffResult {
  ansible: SideResult;
  flotilla: SideResult;
}

/**
 * The case's files, inventory and arguments in a fresh dir (each tool writes under a root of
 * its own there); runBoth and runForms remove it once they have read what they compare.
 */
function prepare(
  fleet: Fleet,
  c: DiffCase,
): { dir: string; inv: string; args: string[]; env: Record<string, string> } {
  const dir = tempDir('flt-diff-');
  writeFileSync(path.join(dir, 'play.yml'), c.playbook);
  for (const [name, text] of Object.entries(c.files ?? {})) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  c.setup?.(dir);
  const inv = path.join(dir, 'hosts.ini');
  writeFileSync(inv, inventory(fleet, c.hosts ?? 3, c.inventoryExtra ?? []));
  const env = Object.fromEntries(
    Object.entries(c.env ?? {}).map(([k, v]) => [k, v.replaceAll('{dir}', dir)]),
  );
  return { dir, inv, args: c.args ?? [], env };
}

/** Runs the flotilla CLI on a prepared case, writing under `<dir>/<rootName>`. */
async function runFlotilla(
  prepared: ReturnType<typeof prepare>,
  rootName: string,
  env: Record<string, string> = {},
): Promise<SideResult> {
  const { dir, inv, args } = prepared;
  const root = path.join(dir, rootName);
  mkdirSync(root);
  const side = await runCli(
    ['run', path.join(dir, 'play.yml'), '-i', inv, '-e', `root=${root}`, '-f', '20', ...args],
    {
      cwd: dir,
      env: { ...prepared.env, ...env },
    },
  );
  return { ...side, recap: parseRecap(side.stdout), files: snapshot(root) };
}

/** Runs the case with both tools at once (they write under different roots). */
export async function runBoth(fleet: Fleet, c: DiffCase): Promise<DiffResult> {
  // The oracle is required, not optional: `npm test` installs ansible-core when root.
  if (!hasAnsible)
    throw new Error(`${ANSIBLE_PLAYBOOK} is missing: install it with apt-get install -y ansible-core`);
  const prepared = prepare(fleet, c);
  const { dir, inv, args, env } = prepared;
  try {
    const rootA = path.join(dir, 'root-ansible');
    mkdirSync(rootA);
    const ansibleRun = () =>
      runAnsible(
        [path.join(dir, 'play.yml'), '-i', inv, '-e', `root=${rootA}`, '-f', '20', ...args],
        dir,
        env,
      );
    const flotillaRun = () => runFlotilla(prepared, 'root-flotilla');
    const [ansible, flotilla] = c.sequential
      ? [await ansibleRun(), await flotillaRun()]
      : await Promise.all([ansibleRun(), flotillaRun()]);
    return { ansible: { ...ansible, recap: parseRecap(ansible.stdout), files: snapshot(rootA) }, flotilla };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the case with flotilla twice at once: the modules it has in both forms natively and
 * through the bridge (FLOTILLA_MODULES), each under a root of its own.
 */
export async function runForms(
  fleet: Fleet,
  c: DiffCase,
): Promise<{ native: SideResult; bridge: SideResult }> {
  const prepared = prepare(fleet, c);
  try {
    const [native, bridge] = await Promise.all([
      runFlotilla(prepared, 'root-native', { FLOTILLA_MODULES: 'native' }),
      runFlotilla(prepared, 'root-bridge', { FLOTILLA_MODULES: 'bridge' }),
    ]);
    return { native, bridge };
  } finally {
    rmSync(prepared.dir, { recursive: true, force: true });
  }
}

function inventory(fleet: Fleet, n: number, extra: string[]): string {
  const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
  const lines = ['[fleet]', ...fleet.hosts.slice(0, n).map((h) => `${h.name} ansible_host=${h.address}`)];
  return `${[...lines, ...extra].join('\n')}\n\n[fleet:vars]${base}`;
}

async function runAnsible(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runProcess(ANSIBLE_PLAYBOOK, args, {
    cwd,
    env: {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_PIPELINING: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_LOCAL_TEMP: path.join(cwd, '.ansible-tmp'),
      ANSIBLE_SSH_CONTROL_PATH_DIR: path.join(cwd, '.cp'),
      ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
      ...env,
    },
    timeoutMs: null,
  });
  return { code, stdout, stderr };
}

/** `host : ok=1 changed=0 …` lines of the PLAY RECAP. */
export function parseRecap(stdout: string): Record<string, RecapLine> {
  const out: Record<string, RecapLine> = {};
  const recap = stdout.split('PLAY RECAP')[1] ?? '';
  for (const line of recap.split('\n')) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const counts: Record<string, number> = {};
    for (const [, k, v] of m[2].matchAll(/(\w+)=(\d+)/g)) counts[k] = Number(v);
    out[m[1]] = counts as unknown as RecapLine;
  }
  return out;
}

/** Every file and directory under root, with its mode and (for files) its content. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const st = statSync(full);
      const rel = path.relative(root, full);
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      if (st.isDirectory()) {
        out[rel] = `${mode} <dir>`;
        walk(full);
      } else out[rel] = `${mode} ${readFileSync(full, 'utf8')}`;
    }
  };
  walk(root);
  return out;
}

/** A readable explanation when the two sides differ (for expect messages). */
export function explain(r: DiffResult): string {
  return [
    '--- ansible stdout ---',
    r.ansible.stdout,
    r.ansible.stderr,
    '--- flotilla stdout ---',
    r.flotilla.stdout,
    r.flotilla.stderr,
  ].join('\n');
}

/** `--list` and `--graph --vars` of these sources (`-i …`): the same exit code, stdout and stderr from both tools. */
export async function expectSameInventoryViews(sources: string[], cwd: string): Promise<void> {
  for (const view of [['--list'], ['--graph', '--vars']]) {
    const args = [...sources, ...view];
    const [a, f] = await Promise.all([
      runProcess('/usr/bin/ansible-inventory', args, {
        cwd,
        env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
        timeoutMs: null,
      }),
      runCli(['inventory', ...args], { cwd }),
    ]);
    expect({ code: f.code, stdout: f.stdout, stderr: f.stderr }).toEqual({
      code: a.code,
      stdout: a.stdout,
      stderr: a.stderr,
    });
  }
}
