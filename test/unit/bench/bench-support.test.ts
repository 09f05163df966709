import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../bench/support/proc-stat.js';
import { parseRecap, recapTotals } from '../../../bench/support/recap.js';
import { sessionsByAddress } from '../../../bench/support/sshd-log.js';
import { median } from '../../../bench/support/stats.js';

describe('parseProcStat', () => {
  it('reads utime, stime, cutime and cstime (fields 14-17)', () => {
    const line =
      '4242 (sshd) S 1 4242 4242 0 -1 4194560 1234 56789 0 0 17 23 4001 599 20 0 1 0 1000 12345678 900 18446744073709551615 0 0 0 0 0 0 0 4096 81925 0 0 0 17 1 0 0 0 0 0\n';
    expect(parseProcStat(line)).toEqual({ utime: 17, stime: 23, cutime: 4001, cstime: 599 });
  });

  it('counts fields from the last ")" so a command name with spaces and parens does not shift them', () => {
    const line = '7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 5 6 7 8 20 0 1 0 1 1 1';
    expect(parseProcStat(line)).toEqual({ utime: 5, stime: 6, cutime: 7, cstime: 8 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (x) S 1 2')).toThrow(/field 14/);
  });
});

describe('sessionsByAddress', () => {
  it('attributes logins and sessions to the address the client connected to', () => {
    const log = [
      'Connection from 127.0.0.1 port 41762 on 127.0.1.1 port 32921 rdomain ""',
      'kex_exchange_identification: Connection closed by remote host',
      'Connection from 127.0.0.1 port 39458 on 127.0.1.2 port 32921 rdomain ""',
      'Connection from 127.0.0.1 port 41778 on 127.0.1.1 port 32921 rdomain ""',
      'Postponed publickey for root from 127.0.0.1 port 41778 ssh2 [preauth]',
      'Accepted publickey for root from 127.0.0.1 port 41778 ssh2: ED25519 SHA256:x',
      'Accepted publickey for root from 127.0.0.1 port 39458 ssh2: ED25519 SHA256:x',
      'Starting session: command for root from 127.0.0.1 port 41778 id 0',
      "Starting session: subsystem 'sftp' for root from 127.0.0.1 port 41778 id 1",
      'Starting session: shell on pts/0 for root from 127.0.0.1 port 39458 id 0',
      'Close session: user root from 127.0.0.1 port 41778 id 0',
    ].join('\n');
    const by = sessionsByAddress(log);
    expect(Object.fromEntries(by)).toEqual({
      '127.0.1.1': { connections: 1, sessions: 2 },
      '127.0.1.2': { connections: 1, sessions: 1 },
    });
  });
});

describe('parseRecap', () => {
  it('reads each host line of the last PLAY RECAP, with or without colour', () => {
    const out = [
      'TASK [x] ***',
      'node001 : ok=9 changed=9 unreachable=0 failed=0',
      'PLAY RECAP *********',
      'node001                    : ok=7    changed=5    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ',
      '\x1b[0;33mnode002\x1b[0m                    : \x1b[0;32mok=7   \x1b[0m \x1b[0;33mchanged=1   \x1b[0m unreachable=0    failed=1    skipped=0',
      '',
    ].join('\n');
    const recap = parseRecap(out);
    expect(recap.get('node001')).toEqual({ ok: 7, changed: 5, unreachable: 0, failed: 0 });
    expect(recap.get('node002')).toEqual({ ok: 7, changed: 1, unreachable: 0, failed: 1 });
    expect(recapTotals(recap)).toEqual({ ok: 14, changed: 6, unreachable: 0, failed: 1 });
  });

  it('is empty without a recap', () => {
    expect(parseRecap('ERROR! no playbook').size).toBe(0);
  });
});

describe('median', () => {
  it('takes the middle value, the upper one of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });
});
