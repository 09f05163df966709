import { describe, expect, it } from 'vitest';
import { psRunning, serviceModule, sysvRunning } from '../../../src/modules/service.js';
import { sysvServices } from '../../../src/modules/service-facts.js';
import { sysvinitModule, sysvinitStarted } from '../../../src/modules/sysvinit.js';
import { parseReports } from '../../../src/modules/util/init-script.js';
import { NativeUnsupported } from '../../../src/modules/util/remote.js';
import { cap, host } from './init-script-host.js';

const ok = (out = '') => ({ rc: 0, stdout: out, stderr: '' });

const TOOLS = [
  '@k locale C.utf8',
  '@k system Linux',
  '@k bin.service /usr/sbin/service',
  '@k bin.update-rc.d /usr/sbin/update-rc.d',
];

describe('the init-script reports', () => {
  it('parses facts and captured commands, empty output included', () => {
    const r = parseReports(`noise\n@k locale C\n@k bin.x \n${cap('status', 3, 'a b\n')}\n${cap('e', 0)}\n`);
    expect(r.facts.get('locale')).toBe('C');
    expect(r.facts.get('bin.x')).toBe('');
    expect(r.caps.get('status')).toEqual({ rc: 3, stdout: 'a b\n', stderr: '' });
    expect(r.caps.get('e')).toEqual(ok());
  });
});

describe('reading a status as service.py and sysvinit.py do', () => {
  it('service: an LSB code first, then one-line keywords without the name, then rc 0', () => {
    expect(sysvRunning('x', { rc: 3, stdout: 'x is running\n', stderr: '' })).toBe(false);
    expect(sysvRunning('stopper', ok('stopper is running\n'))).toBe(true);
    expect(sysvRunning('x', ok('x is not running\n'))).toBe(false);
    expect(sysvRunning('x', ok('line\nstopped\nmore\n'))).toBe(true);
    expect(sysvRunning('x', { rc: 5, stdout: 'what\n', stderr: '' })).toBeNull();
    expect(sysvRunning('x', ok('up\n'), ok('x stop/waiting\n'))).toBe(false);
  });
  it('sysvinit: stop words before start words, rc 1-4 and 69 as down, else unknown', () => {
    expect(sysvinitStarted('x', ok('x is stopped\n'))).toBe(false);
    // "not running" with rc 0 is no answer: sysvinit.py's hail mary then takes rc 0 as up
    expect(sysvinitStarted('x', ok('x is not running\n'))).toBeNull();
    expect(sysvinitStarted('x', { rc: 3, stdout: 'active\n', stderr: '' })).toBe(true);
    expect(sysvinitStarted('x', { rc: 69, stdout: '', stderr: '' })).toBe(false);
    expect(sysvinitStarted('x', ok(''))).toBeNull();
  });
  it('check_ps skips lines with pattern=', () => {
    expect(psRunning('food', ok('root 1 food\n'))).toBe(true);
    expect(psRunning('food', ok('root 1 x pattern=food\n'))).toBe(false);
    expect(psRunning('food', { rc: 1, stdout: '', stderr: '' })).toBeNull();
  });
});

describe('service --status-all (service_facts)', () => {
  it('keeps the + and - lines, names to the end of the line, not the ? ones', () => {
    expect(sysvServices(' [ + ]  cron\n [ ? ]  hwclock.sh\n [ - ]  my svc \r\n')).toEqual({
      cron: { name: 'cron', state: 'running', source: 'sysv' },
      'my svc \r': { name: 'my svc \r', state: 'stopped', source: 'sysv' },
    });
  });
});

describe('round trips', () => {
  const base = { name: 'svc', runlevel: 'default', arguments: '' };
  it('service: one when nothing changes, two when it does', async () => {
    const same = host([
      [...TOOLS, '@k initscript 1', '@k slinks 7', cap('status', 0, 'svc is running\n')].join('\n'),
    ]);
    expect(await serviceModule.run({ ...base, state: 'started', enabled: true }, same.ctx)).toEqual({
      name: 'svc',
      enabled: true,
      state: 'started',
      changed: false,
    });
    expect(same.scripts).toHaveLength(1);
    const change = host([
      [
        ...TOOLS,
        '@k initscript 1',
        '@k slinks 0',
        '@k klinks 0',
        cap('status', 3, 'svc is not running\n'),
      ].join('\n'),
      [cap('en1', 0), cap('en2', 0), cap('start', 0, 'Starting\n')].join('\n'),
    ]);
    expect(await serviceModule.run({ ...base, state: 'started', enabled: true }, change.ctx)).toEqual({
      name: 'svc',
      enabled: true,
      state: 'started',
      changed: true,
    });
    expect(change.scripts).toHaveLength(2);
    expect(change.scripts[1]).toMatch(/svc defaults[\s\S]*svc enable[\s\S]*svc start/);
  });
  it('service: check mode and a missing service take one', async () => {
    const check = host([[...TOOLS, '@k initscript 1', cap('status', 3)].join('\n')], true);
    expect(await serviceModule.run({ ...base, state: 'started' }, check.ctx)).toEqual({
      changed: true,
      msg: 'service state changed',
    });
    expect(check.scripts).toHaveLength(1);
    const missing = host([TOOLS.join('\n')]);
    expect(await serviceModule.run({ ...base, state: 'started' }, missing.ctx)).toMatchObject({
      failed: true,
      msg: 'Could not find the requested service svc: host',
    });
  });
  it('service: a systemd host is not native: the task goes to the bridge, after one round trip', async () => {
    const r = host([
      [...TOOLS, '@k bin.systemctl /usr/bin/systemctl', '@k systemd 1', '@k initscript 1'].join('\n'),
    ]);
    const err = await serviceModule.run({ ...base, state: 'started' }, r.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeUnsupported);
    expect((err as NativeUnsupported).why).toBe('this host is booted with systemd');
    expect(r.scripts).toHaveLength(1);
  });
  it('sysvinit: one when nothing changes, two when it does', async () => {
    const args = { name: 'svc', sleep: 1, daemonize: false, state: 'started' };
    const same = host([
      ['@k locale C', '@k rc0 1', '@k all 0', cap('status', 0, 'svc is running\n')].join('\n'),
    ]);
    const r = await sysvinitModule.run(args, same.ctx);
    expect(r).toMatchObject({ changed: false, status: { started: { changed: false, rc: null } } });
    expect(same.scripts).toHaveLength(1);
    const change = host([
      ['@k locale C', '@k rc0 1', '@k all 0', cap('status', 3, 'svc is not running\n')].join('\n'),
      cap('do0', 0, 'Starting\n'),
    ]);
    expect(await sysvinitModule.run(args, change.ctx)).toMatchObject({
      changed: true,
      status: { started: { changed: true, rc: 0, stdout: 'Starting\n', stderr: '' } },
    });
    expect(change.scripts).toHaveLength(2);
  });
});
