import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { LocalTransport } from '../../../src/connection/local-transport.js';
import { resolveConnectionParams } from '../../../src/connection/params.js';
import { SshTransport } from '../../../src/connection/ssh-transport.js';
import {
  createTransport,
  TRANSPORTS,
  type TransportTable,
  transportNamed,
} from '../../../src/connection/transports.js';
import { recordingKind } from '../../support/recording-transport.js';

const env = { HOME: '/nonexistent-home', USER: 'deploy' };
const params = (connection: string, table?: TransportTable) =>
  resolveConnectionParams('web1', { ansible_connection: connection }, { env }, table);

describe('the transport table', () => {
  it('resolves every connection name flotilla accepts to its transport', () => {
    for (const name of ['ssh', 'paramiko', 'smart']) {
      expect(transportNamed('web1', name)).toBe(TRANSPORTS.ssh);
      expect(params(name).connection).toBe('ssh');
      expect(createTransport(params(name))).toBeInstanceOf(SshTransport);
    }
    expect(transportNamed('web1', 'local')).toBe(TRANSPORTS.local);
    expect(params('local').connection).toBe('local');
    expect(createTransport(params('local'))).toBeInstanceOf(LocalTransport);
    expect(Object.keys(TRANSPORTS)).toEqual(['ssh', 'paramiko', 'smart', 'local']);
  });

  it('keeps ssh in the pool and runs local per task, as the user it logs in as', () => {
    expect(TRANSPORTS.ssh.pooled).toBe(true);
    expect(TRANSPORTS.local.pooled).toBe(false);
    expect(TRANSPORTS.ssh.loginUser(params('ssh'))).toBe('deploy');
    expect(TRANSPORTS.local.loginUser(params('local'))).toBe(os.userInfo().username);
  });

  it('an unknown connection name is FLT_CONN_UNSUPPORTED, worded as before, with a hint', () => {
    expect(() => params('dokcer')).toThrow(
      expect.objectContaining({
        code: 'FLT_CONN_UNSUPPORTED',
        message: 'host web1: unsupported ansible_connection "dokcer"',
        hint: 'flotilla supports ssh and local',
      }),
    );
    expect(() => params('sshh')).toThrow(expect.objectContaining({ hint: 'did you mean "ssh"?' }));
    expect(() => params('locl')).toThrow(expect.objectContaining({ hint: 'did you mean "local"?' }));
    // Only the table's own names: inherited object keys are not transports.
    for (const name of ['toString', '__proto__', 'constructor'])
      expect(() => transportNamed('web1', name)).toThrow(
        expect.objectContaining({ code: 'FLT_CONN_UNSUPPORTED' }),
      );
    // The factory checks the name too (params built by hand, not resolved).
    expect(() => createTransport({ ...params('ssh'), connection: 'telnet' })).toThrow(
      expect.objectContaining({ code: 'FLT_CONN_UNSUPPORTED' }),
    );
  });

  it('a transport registered in a table is resolved, created and listed in the hints', () => {
    const fake = recordingKind('fake', { pooled: false });
    const table: TransportTable = { ...TRANSPORTS, fake, fake_alias: fake };
    const p = params('fake_alias', table);
    expect(p.connection).toBe('fake');
    const t = createTransport(p, table);
    expect(fake.made).toEqual([t]);
    expect(t.key).toBe('fake:web1');
    // The default table does not know it.
    expect(() => createTransport(p)).toThrow(expect.objectContaining({ code: 'FLT_CONN_UNSUPPORTED' }));
    expect(() => params('zzzzzz', table)).toThrow(
      expect.objectContaining({ hint: 'flotilla supports ssh, local and fake' }),
    );
  });
});
