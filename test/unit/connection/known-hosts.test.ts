import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHostKey, entriesForHost } from '../../../src/connection/host-key-check.js';
import {
  entryMatchesHost,
  fingerprintSha256,
  hostLookupName,
  keyTypeOfBlob,
  parseKnownHosts,
} from '../../../src/connection/known-hosts.js';
import { tempDir } from '../../support/temp-dirs.js';

let dir: string;
let keyA: { type: string; b64: string; blob: Buffer; pubFile: string };
let keyB: { type: string; b64: string; blob: Buffer };

function makeKey(name: string) {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  const [type, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ');
  return { type, b64, blob: Buffer.from(b64, 'base64'), pubFile: `${file}.pub` };
}

beforeAll(() => {
  dir = tempDir('flt-kh-');
  keyA = makeKey('a');
  keyB = makeKey('b');
});

afterAll(() => {
  execFileSync('rm', ['-rf', dir]);
});

describe('known_hosts parsing and matching', () => {
  it('uses [host]:port off port 22', () => {
    expect(hostLookupName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(hostLookupName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('parses comments, markers, comma lists and skips junk', () => {
    const text = [
      '# comment',
      '',
      `web1,web2 ${keyA.type} ${keyA.b64} comment here`,
      `@revoked * ${keyB.type} ${keyB.b64}`,
      `@cert-authority *.example.com ${keyB.type} ${keyB.b64}`,
      `@bogus host ${keyB.type} ${keyB.b64}`,
      'broken-line-without-key',
    ].join('\n');
    const entries = parseKnownHosts(text, 'kh');
    expect(entries.map((e) => [e.marker, e.hosts, e.line])).toEqual([
      [undefined, 'web1,web2', 3],
      ['revoked', '*', 4],
      ['cert-authority', '*.example.com', 5],
    ]);
    expect(entries[0].key.equals(keyA.blob)).toBe(true);
    expect(keyTypeOfBlob(entries[0].key)).toBe('ssh-ed25519');
  });

  it('matches wildcards, ? and negation (negation wins)', () => {
    const e = { hosts: '*.example.com,!bad.example.com,db?' };
    expect(entryMatchesHost(e, 'web.example.com')).toBe(true);
    expect(entryMatchesHost(e, 'WEB.EXAMPLE.COM')).toBe(true);
    expect(entryMatchesHost(e, 'bad.example.com')).toBe(false);
    expect(entryMatchesHost(e, 'db1')).toBe(true);
    expect(entryMatchesHost(e, 'db12')).toBe(false);
    expect(entryMatchesHost(e, 'example.com')).toBe(false);
    expect(entryMatchesHost({ hosts: '[10.0.0.*]:2222' }, '[10.0.0.7]:2222')).toBe(true);
    expect(entryMatchesHost({ hosts: '[10.0.0.*]:2222' }, '[10.0.0.7]:22')).toBe(false);
    expect(entryMatchesHost({ hosts: 'a.b' }, 'aXb')).toBe(false); // dots are literal
  });

  it('matches hashed entries written by ssh-keygen -H', () => {
    const file = path.join(dir, 'hashed');
    writeFileSync(file, `[127.0.1.5]:2222 ${keyA.type} ${keyA.b64}\nplainhost ${keyA.type} ${keyA.b64}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const entries = parseKnownHosts(readFileSync(file, 'utf8'), file);
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);
    expect(entryMatchesHost(entries[0], '[127.0.1.5]:2222')).toBe(true);
    expect(entryMatchesHost(entries[0], '[127.0.1.6]:2222')).toBe(false);
    expect(entryMatchesHost(entries[1], 'plainhost')).toBe(true);
  });

  it('prints the SHA256 fingerprint exactly like ssh-keygen -l', () => {
    const out = execFileSync('ssh-keygen', ['-l', '-f', keyA.pubFile], { encoding: 'utf8' });
    expect(out.split(' ')[1]).toBe(fingerprintSha256(keyA.blob));
  });
});

describe('checkHostKey', () => {
  const base = { host: 'web1', address: '127.0.1.5', port: 2222 };

  function withFile(text: string) {
    const file = path.join(dir, `kh-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, text);
    return file;
  }

  it('strict: accepts a known key', () => {
    const f = withFile(`[127.0.1.5]:2222 ${keyA.type} ${keyA.b64}\n`);
    const p = { ...base, hostKeyChecking: 'strict' as const, knownHostsFiles: [f] };
    expect(checkHostKey(p, keyA.blob, entriesForHost(p))).toEqual({ ok: true });
  });

  it('strict: unknown host gives the fingerprint and the ssh-keyscan fix', () => {
    const f = withFile('');
    const p = { ...base, hostKeyChecking: 'strict' as const, knownHostsFiles: [f] };
    const v = checkHostKey(p, keyA.blob, entriesForHost(p));
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.error.code).toBe('FLT_CONN_HOST_KEY_UNKNOWN');
    expect(v.error.message).toContain(fingerprintSha256(keyA.blob));
    expect(v.error.hint).toContain('ssh-keyscan -p 2222 127.0.1.5 >> ~/.ssh/known_hosts');
    expect(v.error.hint).toContain('ANSIBLE_HOST_KEY_CHECKING=False');
  });

  it('strict and accept-new: a changed key is refused with ssh-keygen -R', () => {
    const f = withFile(`[127.0.1.5]:2222 ${keyA.type} ${keyA.b64}\n`);
    for (const mode of ['strict', 'accept-new'] as const) {
      const p = { ...base, hostKeyChecking: mode, knownHostsFiles: [f] };
      const v = checkHostKey(p, keyB.blob, entriesForHost(p));
      expect(v.ok).toBe(false);
      if (v.ok) return;
      expect(v.error.code).toBe('FLT_CONN_HOST_KEY_CHANGED');
      expect(v.error.message).toContain(fingerprintSha256(keyB.blob));
      expect(v.error.hint).toContain("ssh-keygen -R '[127.0.1.5]:2222'");
    }
  });

  it('accept-new appends an unknown key to the first file, which then verifies', () => {
    const f = withFile('');
    const p = {
      ...base,
      hostKeyChecking: 'accept-new' as const,
      knownHostsFiles: [f, '/etc/ssh/ssh_known_hosts'],
    };
    expect(checkHostKey(p, keyA.blob, entriesForHost(p))).toEqual({ ok: true, appendedTo: f });
    expect(readFileSync(f, 'utf8')).toBe(`[127.0.1.5]:2222 ssh-ed25519 ${keyA.b64}\n`);
    const strict = { ...p, hostKeyChecking: 'strict' as const };
    expect(checkHostKey(strict, keyA.blob, entriesForHost(strict))).toEqual({ ok: true });
  });

  it('refuses a revoked key even when also listed as known', () => {
    const f = withFile(`@revoked * ${keyA.type} ${keyA.b64}\n[127.0.1.5]:2222 ${keyA.type} ${keyA.b64}\n`);
    const p = { ...base, hostKeyChecking: 'strict' as const, knownHostsFiles: [f] };
    const v = checkHostKey(p, keyA.blob, entriesForHost(p));
    expect(v.ok ? 'ok' : v.error.code).toBe('FLT_CONN_HOST_KEY_REVOKED');
  });

  it('off accepts anything without reading files', () => {
    const p = { ...base, hostKeyChecking: 'off' as const, knownHostsFiles: ['/nonexistent'] };
    expect(checkHostKey(p, keyB.blob, [])).toEqual({ ok: true });
  });
});
