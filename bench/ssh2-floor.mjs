/**
 * The floor for bench/run-vs-ansible.ts: a bare ssh2 script with no framework. One
 * connection per host (setNoDelay), the play's commands run in order, `forks` hosts at once.
 * Plain JavaScript so no loader or compiler start-up is counted in the floor.
 * Usage: node bench/ssh2-floor.mjs FLEET_JSON HOSTS FORKS
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { Client } from 'ssh2';

const [fleetFile, hostCount, forks] = process.argv.slice(2);
const fleet = JSON.parse(readFileSync(fleetFile, 'utf8'));
const key = readFileSync(fleet.privateKeyFile);
const commands = (host) => [
  'uname -n',
  'echo hello | tr a-z A-Z',
  `echo written by ${host} > /tmp/flotilla-bench-floor-${host}.txt`,
  'whoami',
];

function exec(client, cmd) {
  return new Promise((resolve, reject) => {
    client.exec(cmd, (err, ch) => {
      if (err) return reject(err);
      let out = '';
      ch.on('data', (d) => (out += d));
      ch.stderr.on('data', () => {});
      ch.on('close', () => resolve(out));
    });
  });
}

async function runHost(h) {
  const sock = net.connect({ host: h.address, port: fleet.port });
  sock.setNoDelay(true);
  const client = new Client();
  await new Promise((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ sock, username: fleet.user, privateKey: key });
  });
  for (const cmd of commands(h.name)) await exec(client, cmd);
  await new Promise((resolve) => {
    client.once('close', resolve);
    client.end();
  });
}

const hosts = fleet.hosts.slice(0, Number(hostCount));
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(Number(forks), hosts.length) }, async () => {
    while (next < hosts.length) await runHost(hosts[next++]);
  }),
);
