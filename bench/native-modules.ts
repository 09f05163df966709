/**
 * Issue 18's realistic play of the modules real roles use most (gather facts, file, copy,
 * template, lineinfile, service, get_url, cron, ini_file) on the loopback fleet, run by
 * Ansible 2.14 (pipelining on), by flotilla's native modules and by flotilla with every
 * module through the bridge (FLOTILLA_MODULES=bridge), in one run; each tool's second run
 * must report changed=0. Prints wall, CPU, sessions, recaps compared, files compared, and
 * flotilla's round trips per host-task by module (bench/support/side-by-side.ts).
 *
 * What it sets up on this machine, and removes at the end:
 * - per host, an init script /etc/init.d/flt-bench-<host> whose state is a flag file in the
 *   bench's dir (every fleet host is this machine: one service per host keeps them apart);
 * - per host, the cron_file /etc/cron.d/flt-bench-<host> the play writes;
 * - a loopback HTTP server (python3 -m http.server) serving the file get_url downloads.
 *
 *   npm run build && npx tsx bench/native-modules.ts [--hosts 200] [--runs 1] [--forks 50] [--compare 5]
 *     [--timeout 10] [--cli dist/flotilla.mjs]
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { initScript } from '../tools/fleet/init-script.js';
import { benchArgs } from './support/bench-args.js';
import { REALISTIC_TEMPLATE } from './support/realistic-play.js';
import { sideBySide } from './support/side-by-side.js';

const args = benchArgs();
const port = await freePort();

const PLAY = `- hosts: fleet
  gather_facts: true
  gather_timeout: ${args.timeout}
  vars:
    dir: "{{ base }}/{{ inventory_hostname }}"
  tasks:
    - name: directory
      file: { path: "{{ dir }}", state: directory, mode: "0755" }
    - name: copy content
      copy: { content: "written for {{ inventory_hostname }}\\n", dest: "{{ dir }}/motd", mode: "0644" }
    - name: template
      template: { src: app.conf.j2, dest: "{{ dir }}/app.conf", mode: "0640" }
    - name: lineinfile
      lineinfile: { path: "{{ dir }}/settings", line: "host={{ inventory_hostname }}", create: true, mode: "0600" }
    - name: service
      service: { name: "flt-bench-{{ inventory_hostname }}", state: started }
    - name: get_url
      get_url: { url: "http://127.0.0.1:${port}/payload.txt", dest: "{{ dir }}/payload.txt", mode: "0644" }
    - name: cron
      cron: { name: bench, job: "true", minute: "5", user: root, cron_file: "flt-bench-{{ inventory_hostname }}" }
    - name: ini_file
      community.general.ini_file: { path: "{{ dir }}/app.ini", section: main, option: host, value: "{{ inventory_hostname }}", mode: "0644" }
`;

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let names: string[] = [];
let svcState = '';
await sideBySide({
  ...args,
  name: 'native-modules',
  play: PLAY,
  files: { 'app.conf.j2': REALISTIC_TEMPLATE },
  tools: [
    { name: 'ansible', kind: 'ansible' },
    { name: 'native', kind: 'flotilla', env: { FLOTILLA_MODULES: 'native' } },
    { name: 'bridge', kind: 'flotilla', env: { FLOTILLA_MODULES: 'bridge' } },
  ],
  async setup(fleet, work) {
    names = fleet.hosts.map((h) => h.name);
    svcState = path.join(work, 'svc-state');
    for (const name of names) {
      const file = `/etc/init.d/flt-bench-${name}`;
      writeFileSync(file, initScript(`flt-bench-${name}`, svcState));
      chmodSync(file, 0o755);
    }
    const www = path.join(work, 'www');
    mkdirSync(www);
    writeFileSync(path.join(www, 'payload.txt'), 'payload line\n'.repeat(4096));
    const server = spawn('/usr/bin/python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], {
      cwd: www,
      stdio: 'ignore',
    });
    await waitForPort(port);
    return () => {
      server.kill();
      for (const name of names) rmSync(`/etc/init.d/flt-bench-${name}`, { force: true });
      removeCronFiles();
    };
  },
  beforeRun(pass) {
    if (pass !== 0) return;
    rmSync(svcState, { recursive: true, force: true });
    removeCronFiles();
  },
});

function removeCronFiles(): void {
  for (const name of names) rmSync(`/etc/cron.d/flt-bench-${name}`, { force: true });
}

async function waitForPort(p: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${p}/payload.txt`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('the HTTP server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
