/**
 * Issue 13, defect 13: an unreachable host's msg kept its hint glued on ("…: Connection
 * timed out the host did not answer in time; …"). The hint now follows as "Hint: …".
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonEvents, runCli, tempFile } from '../../support/cli.js';

/** Accepts TCP connections and never answers: the SSH handshake times out. */
let silent: Server;
let port: number;
const sockets = new Set<import('node:net').Socket>();

beforeAll(async () => {
  silent = createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  silent.close();
});

describe('unreachable messages', () => {
  it('a connect timeout reads "… Connection timed out. Hint: …"', async () => {
    const pb = tempFile('ping.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n');
    const r = await runCli([
      'run',
      '-i',
      'h1,',
      '-e',
      `ansible_host=127.0.0.1 ansible_port=${port} ansible_password=x`,
      '--timeout',
      '1',
      '--json',
      pb,
    ]);
    const failed = jsonEvents(r.stdout).find((e) => e.result?.unreachable);
    expect(failed?.result.msg, r.stdout + r.stderr).toBe(
      `Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port ${port}: Connection timed out. ` +
        'Hint: the host did not answer in time; raise ansible_ssh_timeout / --timeout or check the host is up',
    );
  });
});
