import { execFileSync } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshTransport } from '../../../src/connection/ssh-transport.js';
import { type Fleet, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { fleetParams } from './fleet-params.js';

let fleet: Fleet;
let t: SshTransport;

beforeAll(async () => {
  fleet = await startFleet({ hosts: 20 });
  t = new SshTransport(fleetParams(fleet, 0));
  await t.connect();
});

afterAll(async () => {
  await t?.close();
  if (fleet) await stopFleet(fleet);
});

describe('SshTransport against a real sshd', () => {
  it('runs commands on 20 hosts concurrently', async () => {
    const ts = fleet.hosts.map((_, i) => new SshTransport(fleetParams(fleet, i)));
    try {
      const results = await Promise.all(
        ts.map(async (x, i) => {
          await x.connect();
          return x.exec(`echo host-${i}; echo warn-${i} >&2; exit ${i % 3}`);
        }),
      );
      results.forEach((r, i) => {
        expect(r).toEqual({ rc: i % 3, stdout: `host-${i}\n`, stderr: `warn-${i}\n` });
      });
    } finally {
      await Promise.all(ts.map((x) => x.close()));
    }
  });

  it('feeds stdin and exports env values with nasty characters', async () => {
    expect((await t.exec('cat; echo', { stdin: 'line1\nline2' })).stdout).toBe('line1\nline2\n');
    const nasty = `it's "$HOME" \`id\` $(id) \\ ; | & ünï\nsecond line`;
    const r = await t.exec('printf %s "$NASTY"', { env: { NASTY: nasty, OTHER: '' } });
    expect(r).toEqual({ rc: 0, stdout: nasty, stderr: '' });
  });

  it('keeps env values out of the remote command line and out of timeout and lost-connection errors', async () => {
    const canary = 'ENV-CANARY-ssh-5b1e';
    const seen: string[] = [];
    const sample = setInterval(
      () => seen.push(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })),
      50,
    );
    const err = await t.exec('sleep 1.37', { timeoutMs: 800, env: { API_TOKEN: canary } }).catch((e) => e);
    const x = new SshTransport(fleetParams(fleet, 1));
    await x.connect();
    const lost = x.exec('sleep 1.38', { env: { API_TOKEN: canary } }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 300));
    await x.close();
    clearInterval(sample);
    expect(err).toMatchObject({ code: 'FLT_CONN_COMMAND_TIMEOUT' });
    for (const e of [err, await lost]) {
      expect(e).toBeInstanceOf(Error);
      expect(`${e.message} ${e.hint ?? ''}`).not.toContain(canary);
      expect(e.message).not.toContain('sleep');
    }
    expect(seen.some((ps) => ps.includes('sleep 1.37'))).toBe(true);
    expect(seen.join('\n')).not.toContain(canary);
  });

  it('streams a Readable into stdin; a failing one ends the command stdin and rejects', async () => {
    // 8 MiB through the SSH window, in chunks of varied sizes
    const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(128 * 1024 + (i % 7), i));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const r = await t.exec('wc -c', { stdin: Readable.from(chunks) });
    expect(r).toEqual({ rc: 0, stdout: `${total}\n`, stderr: '' });
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk read failed'));
      },
    });
    failing.push(Buffer.from('partial'));
    // The command sees its stdin close early; the caller gets the stream's error.
    await expect(t.exec('cat > /dev/null', { stdin: failing })).rejects.toThrow('disk read failed');
  });

  it('reports a signal death as rc -1 with the signal name', async () => {
    expect(await t.exec('kill -KILL $$')).toMatchObject({ rc: -1, signal: 'SIGKILL' });
  });

  it('kills a command that outlives its timeout', async () => {
    const started = Date.now();
    await expect(t.exec('sleep 7.31', { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'FLT_CONN_COMMAND_TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 300));
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.startsWith('sleep 7.31'));
    expect(left).toEqual([]);
    expect((await t.exec('echo still-usable')).stdout).toBe('still-usable\n');
  });

  it('a command that finishes within its timeout returns clean output (no PID marker)', async () => {
    const r = await t.exec('echo out; echo err >&2; exit 2', { timeoutMs: 5000, env: { A: 'b' } });
    expect(r).toEqual({ rc: 2, stdout: 'out\n', stderr: 'err\n' });
  });

  it('puts and gets a file with its mode (binary-safe)', async () => {
    const file = path.join(fleet.dir, 'put-test.bin');
    const data = Buffer.from([0, 255, 10, 13, 0x80, 0x41]);
    await t.put(data, file, 0o640);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect((await t.get(file)).equals(data)).toBe(true);
    await t.put('text\n', file, 0o600);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await t.get(file)).toString()).toBe('text\n');
    await expect(t.get(path.join(fleet.dir, 'nope'))).rejects.toMatchObject({ code: 'FLT_CONN_FILE' });
  });

  it('queues channels beyond maxSessions: 30 concurrent execs on one connection all succeed', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t.exec(`echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}\n`));
    expect(results.every((r) => r.rc === 0)).toBe(true);
  });

  it('isAlive is a cheap round trip and false after close; close is idempotent', async () => {
    const x = new SshTransport(fleetParams(fleet, 1));
    expect(await x.isAlive()).toBe(false);
    await x.connect();
    expect(await x.isAlive()).toBe(true);
    await Promise.all([x.close(), x.close()]);
    await x.close();
    expect(await x.isAlive()).toBe(false);
    await expect(x.exec('true')).rejects.toMatchObject({ code: 'FLT_CONN_CLOSED' });
  });

  it('gives FLT_CONN_REFUSED with an Ansible-like message for a dead port', async () => {
    const x = new SshTransport(fleetParams(fleet, 2, { port: 1 }));
    const err = await x.connect().then(
      () => undefined,
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'FLT_CONN_REFUSED', host: fleet.hosts[2].name });
    expect(err.message).toBe(
      `Failed to connect to the host via ssh: ssh: connect to host ${fleet.hosts[2].address} port 1: Connection refused`,
    );
    expect(err.hint).toBeTruthy();
  });

  it('gives FLT_CONN_AUTH when the server refuses the user', async () => {
    const x = new SshTransport(fleetParams(fleet, 2, { user: 'nobody-here' }));
    await expect(x.connect()).rejects.toMatchObject({ code: 'FLT_CONN_AUTH' });
  });

  it('refuses an encrypted key without a passphrase, and uses it with one', async () => {
    const key = path.join(fleet.dir, 'enc_key');
    copyFileSync(fleet.privateKeyFile, key);
    execFileSync('ssh-keygen', ['-q', '-p', '-N', 'sekret', '-f', key]);
    const without = new SshTransport(fleetParams(fleet, 3, { privateKeyFile: key }));
    await expect(without.connect()).rejects.toMatchObject({ code: 'FLT_CONN_KEY_PASSPHRASE' });
    const wrong = new SshTransport(fleetParams(fleet, 3, { privateKeyFile: key, passphrase: 'nope' }));
    await expect(wrong.connect()).rejects.toMatchObject({ code: 'FLT_CONN_KEY_PASSPHRASE' });
    const right = new SshTransport(fleetParams(fleet, 3, { privateKeyFile: key, passphrase: 'sekret' }));
    await right.connect();
    expect((await right.exec('echo ok')).stdout).toBe('ok\n');
    await right.close();
  });
});
