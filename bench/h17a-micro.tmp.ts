import { readFileSync } from 'node:fs';
import { SshTransport } from '../src/connection/ssh-transport.js';
import { fleetParams } from '../test/integration/connection/fleet-params.js';
import { cpuSeconds, readProcCpu } from './support/proc-stat.js';
import { sessionProcesses } from '../tools/fleet/index.js';
const fleet = JSON.parse(readFileSync('/tmp/flotilla-h17a-fleet/fleet.json', 'utf8'));
const n = Number(process.argv[2] ?? 100);
const cmd = process.argv[3] ?? 'true';
async function closed() { while (sessionProcesses(fleet).length > 0) await new Promise((r) => setTimeout(r, 50)); }
for (let round = 0; round < 3; round++) for (const on of [true, false]) {
  await closed();
  const c0 = cpuSeconds(readProcCpu(fleet.pid), true);
  const t0 = Date.now();
  const t = new SshTransport(fleetParams(fleet, round), { persistentChannel: on });
  await t.connect();
  for (let i = 0; i < n; i++) await t.exec(cmd);
  const wall = Date.now() - t0;
  await t.close();
  await closed();
  const c1 = cpuSeconds(readProcCpu(fleet.pid), true);
  console.log(`${on ? 'on ' : 'off'} n=${n} wall ${wall} ms host ${((c1 - c0) * 1000).toFixed(0)} ms  load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
}
