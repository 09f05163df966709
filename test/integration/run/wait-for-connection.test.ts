/**
 * wait_for_connection against a host that is down when the play starts: a TCP proxy to a
 * fleet sshd starts listening only after a while, and the task waits for it (each try
 * connects anew); a host that never comes up fails once `timeout` passes.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import type { Fleet } from '../../../tools/fleet/index.js';
import { runCli, tempFile } from '../../support/cli.js';

const fleet = inject('fleet') as Fleet;

/** A free port on 127.0.0.1 (listened on and released). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * 127.0.0.1:port, a host that is down (connections dropped) until `downMs` after the first
 * attempt to reach it, then forwards to the first fleet host's sshd.
 */
function proxy(port: number, downMs: number): { start(): Promise<void>; stop(): Promise<void> } {
  const sockets = new Set<net.Socket>();
  let upAt: number | undefined;
  const server = net.createServer((client) => {
    upAt ??= Date.now() + downMs;
    if (Date.now() < upAt) {
      client.destroy();
      return;
    }
    const upstream = net.connect(fleet.port, fleet.hosts[0].address);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    start: () => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve)),
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('wait_for_connection', () => {
  it('waits for a host that comes up, and fails one that does not once timeout passes', async () => {
    const port = await freePort();
    const deadPort = await freePort();
    const hostKey = readFileSync(fleet.knownHostsFile, 'utf8').split('\n')[0].split(' ').slice(1).join(' ');
    const knownHosts = tempFile('known_hosts', `[127.0.0.1]:${port} ${hostKey}\n`);
    const base = readFileSync(fleet.inventoryFile, 'utf8').split('[fleet:vars]')[1];
    const ssh = `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes'`;
    const inv = tempFile(
      'hosts.ini',
      `[waiting]\nlate ansible_host=127.0.0.1 ansible_port=${port} ${ssh}\n` +
        `down ansible_host=127.0.0.1 ansible_port=${deadPort} ${ssh}\n\n[waiting:vars]${base.replace(/^ansible_(port|ssh_common_args)=.*$/gm, '')}`,
    );
    const pb = tempFile(
      'play.yml',
      `- hosts: waiting
  gather_facts: false
  tasks:
    - wait_for_connection: { sleep: 1, timeout: 4 }
      register: w
    - debug: var=w.elapsed
    - command: echo up
`,
    );
    const late = proxy(port, 2500);
    await late.start();
    try {
      const r = await runCli(['run', pb, '-i', inv]);
      expect(r.stdout).toMatch(/late\s+: ok=3\s+changed=1\s+unreachable=0\s+failed=0/);
      expect(r.stdout).toMatch(/"w.elapsed": "[2-4]"/);
      expect(r.stdout).toMatch(
        /fatal: \[down\]: FAILED! => \{"changed": false, "elapsed": [4-6], "msg": "timed out waiting for ping module test: [^"]+"\}/,
      );
      expect(r.stdout).toMatch(/down\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=1/);
      expect(r.code).toBe(2);
    } finally {
      await late.stop();
    }
  }, 30_000);
});
