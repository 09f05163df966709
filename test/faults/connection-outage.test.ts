/**
 * Faults of the server side as a whole: an sshd outage and restart between two tasks, and
 * hosts that accept TCP but never speak SSH (a banner then silence; no bytes at all). The
 * healthy hosts complete, the run ends in bounded time, and nothing is left open. Own
 * fleet: the outage stops its sshd.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countAcceptedLogins, restartFleet, sessionProcesses, stopFleet } from '../../tools/fleet/index.js';
import { runCli } from '../support/cli.js';
import {
  faultDir,
  fleetInventory,
  playbookFile,
  recapLine,
  useFaultFleet,
  waitFor,
} from './connection-harness.js';

const HOSTS = 4;
const fleet = useFaultFleet(HOSTS, 'out');

/** A TCP server on a loopback address that never completes an SSH handshake. */
async function mute(
  address: string,
  banner: boolean,
): Promise<{ server: net.Server; port: number; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    sock.resume(); // read (and drop) what the client sends, so its FIN is seen
    if (banner) sock.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'); // then stalls
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return { server, port: (server.address() as net.AddressInfo).port, sockets };
}

describe('server-side faults', () => {
  it('an sshd outage and restart between two tasks: every host reconnects and completes', {
    timeout: 120_000,
  }, async () => {
    const markers = faultDir();
    const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - shell: touch ${markers}/{{ inventory_hostname }}
    - pause:
        seconds: 10
    - command: echo after
`);
    // The pause outlasts the outage with room to spare on a loaded machine (the full suite
    // runs this next to the 1,000-host and differential files: 4 s was once too short).
    const run = runCli(['run', pb, '-i', fleetInventory(fleet, HOSTS)], { timeoutMs: 60_000 });
    await waitFor('every host to run its first task', () =>
      fleet.hosts.slice(0, HOSTS).every((h) => existsSync(path.join(markers, h.name))),
    );
    const loginsBefore = countAcceptedLogins(fleet);
    // The outage: the listener and every session go; two seconds later sshd is back, same port.
    await stopFleet(fleet, { keepDir: true });
    await new Promise((r) => setTimeout(r, 1500));
    await restartFleet(fleet);
    const r = await run;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const h of fleet.hosts.slice(0, HOSTS))
      expect(recapLine(r.stdout, h.name)).toMatch(/ok=[23]\s+changed=2\s+unreachable=0\s+failed=0/); // pause counts once
    expect(countAcceptedLogins(fleet) - loginsBefore).toBe(HOSTS); // one reconnect a host
    await waitFor('the sessions to close', () => sessionProcesses(fleet).length === 0, 5000);
  });

  it('a host that sends a banner then stalls and one that never speaks are unreachable in bounded time', {
    timeout: 120_000,
  }, async () => {
    const stall = await mute('127.0.9.1', true);
    const silent = await mute('127.0.9.2', false);
    try {
      const inv = fleetInventory(fleet, 2, [
        `stall ansible_host=127.0.9.1 ansible_port=${stall.port}`,
        `silent ansible_host=127.0.9.2 ansible_port=${silent.port}`,
      ]);
      const pb = playbookFile(`- hosts: fleet
  gather_facts: false
  tasks:
    - command: echo one
    - command: echo two
`);
      const started = Date.now();
      const r = await runCli(['run', pb, '-i', inv, '-T', '3'], { timeoutMs: 60_000 });
      const ms = Date.now() - started;
      expect(r.code, r.stdout + r.stderr).toBe(4);
      // About 4 s on a quiet machine (the 3 s connect timeout); 25 s once under the full
      // suite's load. A hang would be the run's 60 s kill.
      expect(ms).toBeLessThan(40_000);
      for (const h of ['stall', 'silent']) {
        expect(r.stdout).toContain(`fatal: [${h}]: UNREACHABLE!`);
        expect(recapLine(r.stdout, h)).toMatch(/ok=0\s+changed=0\s+unreachable=1\s+failed=0/);
      }
      for (const h of fleet.hosts.slice(0, 2))
        expect(recapLine(r.stdout, h.name)).toMatch(/ok=2\s+changed=2\s+unreachable=0\s+failed=0/);
      // flotilla dropped its sockets to the mute servers.
      await waitFor('the mute sockets to close', () => stall.sockets.size + silent.sockets.size === 0, 3000);
    } finally {
      stall.server.close();
      silent.server.close();
      for (const s of [...stall.sockets, ...silent.sockets]) s.destroy();
    }
  });
});
