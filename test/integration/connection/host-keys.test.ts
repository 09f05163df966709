import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintSha256 } from '../../../src/connection/known-hosts.js';
import { SshTransport } from '../../../src/connection/ssh-transport.js';
import type { HostKeyChecking } from '../../../src/connection/transport.js';
import { type Fleet, startFleet, stopFleet } from '../../../tools/fleet/index.js';
import { fleetParams } from './fleet-params.js';

let fleet: Fleet;
let serverKey: Buffer;
let n = 0;

beforeAll(async () => {
  fleet = await startFleet({ hosts: 2 });
  const pub = readFileSync(path.join(fleet.dir, 'ssh_host_ed25519_key.pub'), 'utf8').split(' ');
  serverKey = Buffer.from(pub[1], 'base64');
});

afterAll(async () => {
  if (fleet) await stopFleet(fleet);
});

function knownHosts(text: string): string {
  const file = path.join(fleet.dir, `kh-${n++}`);
  writeFileSync(file, text);
  return file;
}

async function tryConnect(mode: HostKeyChecking, file: string) {
  const t = new SshTransport(fleetParams(fleet, 0, { hostKeyChecking: mode, knownHostsFiles: [file] }));
  try {
    await t.connect();
    return { ok: (await t.exec('echo in')).stdout === 'in\n' };
  } catch (err) {
    return { ok: false, err: err as { code: string; message: string; hint: string } };
  } finally {
    await t.close();
  }
}

describe('host key checking against a real sshd', () => {
  const lookup = () => `[${fleet.hosts[0].address}]:${fleet.port}`;

  it('strict refuses an unknown host, naming its SHA256 fingerprint and the fix', async () => {
    const r = await tryConnect('strict', knownHosts(''));
    expect(r.ok).toBe(false);
    expect(r.err?.code).toBe('FLT_CONN_HOST_KEY_UNKNOWN');
    expect(r.err?.message).toContain(fingerprintSha256(serverKey));
    expect(r.err?.hint).toContain(
      `ssh-keyscan -p ${fleet.port} ${fleet.hosts[0].address} >> ~/.ssh/known_hosts`,
    );
  });

  it('strict accepts the fleet known_hosts entry', async () => {
    expect(await tryConnect('strict', fleet.knownHostsFile)).toEqual({ ok: true });
  });

  it('refuses a changed key (strict and accept-new) with ssh-keygen -R', async () => {
    const other = path.join(fleet.dir, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherPub = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const file = knownHosts(`${lookup()} ${otherPub}\n`);
    for (const mode of ['strict', 'accept-new'] as const) {
      const r = await tryConnect(mode, file);
      expect(r.err?.code).toBe('FLT_CONN_HOST_KEY_CHANGED');
      expect(r.err?.hint).toContain(`ssh-keygen -R '${lookup()}'`);
    }
    expect(readFileSync(file, 'utf8')).toBe(`${lookup()} ${otherPub}\n`); // accept-new did not touch it
  });

  it('accept-new appends an unknown key, after which strict connects', async () => {
    const file = knownHosts('');
    expect(await tryConnect('accept-new', file)).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(`${lookup()} ssh-ed25519 ${serverKey.toString('base64')}\n`);
    expect(await tryConnect('strict', file)).toEqual({ ok: true });
  });

  it('off connects without any known_hosts', async () => {
    expect(await tryConnect('off', '/nonexistent/known_hosts')).toEqual({ ok: true });
  });

  it('accepts a hashed entry (ssh-keygen -H)', async () => {
    const file = knownHosts(`${lookup()} ssh-ed25519 ${serverKey.toString('base64')}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8').startsWith('|1|')).toBe(true);
    expect(await tryConnect('strict', file)).toEqual({ ok: true });
  });

  it('a known RSA-only entry is not mistaken for a change when the server also has ed25519', async () => {
    const rsa = path.join(fleet.dir, 'rsa_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsa]);
    const rsaPub = readFileSync(`${rsa}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    // The server has no RSA host key, so the ed25519 key is simply unknown, as with ssh.
    const r = await tryConnect('strict', knownHosts(`${lookup()} ${rsaPub}\n`));
    expect(r.err?.code).toBe('FLT_CONN_HOST_KEY_UNKNOWN');
  });
});
