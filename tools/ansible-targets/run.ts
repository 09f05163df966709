/**
 * Runs Ansible 2.14's own role-style integration targets with ansible-playbook and with
 * flotilla, one after the other, the way `ansible-test integration --local` runs a target
 * without runme.sh: a play `hosts: testhost, gather_facts: true (or the target's
 * gather_facts/no alias), vars: {output_dir}, roles: [TARGET]`, an inventory with
 * `testhost ansible_connection=local`, ANSIBLE_ROLES_PATH the targets dir. It prints one line
 * per target (both exit codes) and a summary of the targets Ansible passes and flotilla does
 * not, with each tool's log kept in the output dir.
 *
 * The targets are not shipped with Debian's ansible-core: take them from a checkout of
 * ansible/ansible at stable-2.14 (test/integration/targets). The play runs on this machine
 * as the current user: targets marked destructive, needing root or privileged containers,
 * cloud, Windows or network ones are skipped, and so are the setup_* / prepare_* helpers.
 *
 *   npm run build && npx tsx tools/ansible-targets/run.ts --targets DIR [--out DIR]
 *     [--only a,b] [--cli dist/flotilla.mjs] [--timeout 400]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const targetsDir = arg('--targets');
if (!targetsDir || !existsSync(targetsDir))
  throw new Error('--targets DIR: test/integration/targets of ansible/ansible stable-2.14');
const out = path.resolve(arg('--out') ?? path.join(os.tmpdir(), 'flotilla-ansible-targets'));
const cli = path.resolve(root, arg('--cli', 'dist/flotilla.mjs')!);
const timeoutS = Number(arg('--timeout', '400'));
const only = arg('--only')?.split(',');

const SKIPPED_ALIASES =
  /destructive|unsupported|disabled|hidden|needs\/(root|privileged|httptester|ssh)|windows|network|cloud\//;

/** The targets ansible-test would run as a role here. */
function runnableTargets(): string[] {
  return readdirSync(targetsDir!)
    .filter((t) => !/^(setup_|prepare_|ansible-galaxy|ansible-test)/.test(t))
    .filter((t) => existsSync(path.join(targetsDir!, t, 'tasks', 'main.yml')))
    .filter((t) => !existsSync(path.join(targetsDir!, t, 'runme.sh')))
    .filter((t) => !SKIPPED_ALIASES.test(aliases(t)))
    .sort();
}

function aliases(target: string): string {
  const file = path.join(targetsDir!, target, 'aliases');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function runTarget(target: string): { ansible: number | null; flotilla: number | null } {
  const dir = path.join(out, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'inventory'),
    '[testgroup]\ntesthost ansible_connection=local ansible_pipelining=yes ansible_python_interpreter=/usr/bin/python3\n',
  );
  const gatherFacts = !aliases(target).includes('gather_facts/no/');
  const env = {
    ...process.env,
    ANSIBLE_ROLES_PATH: targetsDir,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
  };
  const codes: Record<'ansible' | 'flotilla', number | null> = { ansible: null, flotilla: null };
  for (const tool of ['ansible', 'flotilla'] as const) {
    // Each tool starts from an empty output_dir and a run dir of its own (a relative path
    // a target writes lands there).
    const runDir = path.join(dir, tool);
    mkdirSync(path.join(runDir, 'output'), { recursive: true });
    writeFileSync(
      path.join(runDir, 'play.yml'),
      `- hosts: testhost\n  gather_facts: ${gatherFacts}\n  vars:\n    output_dir: ${path.join(runDir, 'output')}\n  roles:\n    - ${target}\n`,
    );
    const [cmd, args] =
      tool === 'ansible'
        ? ['ansible-playbook', ['play.yml', '-i', '../inventory']]
        : [process.execPath, [cli, 'run', 'play.yml', '-i', '../inventory']];
    const r = spawnSync(cmd, args, { cwd: runDir, env, encoding: 'utf8', timeout: timeoutS * 1000 });
    writeFileSync(path.join(dir, `${tool}.log`), `${r.stdout ?? ''}${r.stderr ?? ''}`);
    codes[tool] = r.status;
  }
  return codes;
}

mkdirSync(out, { recursive: true });
const targets = only ?? runnableTargets();
const differ: string[] = [];
let ansiblePasses = 0;
for (const target of targets) {
  const { ansible, flotilla } = runTarget(target);
  console.log(`${target} ansible=${ansible} flotilla=${flotilla}`);
  if (ansible === 0) ansiblePasses++;
  if (ansible === 0 && flotilla !== 0) differ.push(target);
}
console.log(
  `\n${targets.length} targets; Ansible passes ${ansiblePasses}; flotilla passes ${ansiblePasses - differ.length} of those`,
);
if (differ.length)
  console.log(`Ansible passes, flotilla does not: ${differ.join(' ')}\nlogs: ${out}/<target>/`);
