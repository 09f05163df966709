import { describe, expect, it } from 'vitest';
import { parseSystemctlShow, requestWasIgnored, systemdModule } from '../../../src/modules/systemd.js';
import { cap, host } from './init-script-host.js';

const HEAD = '@k locale C.utf8\n@k sc /usr/bin/systemctl';
const SHOW = 'Id=web.service\nLoadState=loaded\nActiveState=inactive\nUnitFileState=disabled\n';
const base = { scope: 'system', daemon_reload: false, daemon_reexec: false, no_block: false };

describe('systemctl show as systemd_service.py parses it', () => {
  it('strips values, keeps an Exec* value in braces over its lines, and only those', () => {
    const out = [
      'Type=simple',
      'ExecStart={ path=/bin/x ; argv[]=/bin/x',
      '  --flag ; status=0/0 }',
      'ExecReload={ path=/bin/kill ; status=0/0 }',
      'Description=  {not closed  ',
      'no equals sign here',
      'Environment=A=1 B=2',
      '',
    ];
    expect(parseSystemctlShow(out)).toEqual({
      Type: 'simple',
      ExecStart: '{ path=/bin/x ; argv[]=/bin/x\n  --flag ; status=0/0 }',
      ExecReload: '{ path=/bin/kill ; status=0/0 }',
      Description: '{not closed',
      Environment: 'A=1 B=2',
    });
  });
  it('a request ignored (in a chroot) is text without `=`', () => {
    expect(requestWasIgnored('Running in chroot, ignoring request.\n')).toBe(true);
    expect(requestWasIgnored('Running in chroot, ignoring command\n')).toBe(true);
    expect(requestWasIgnored('Id=x\nignoring request')).toBe(false);
  });
});

describe('systemd round trips', () => {
  it('nothing to change: one round trip', async () => {
    const h = host([`${HEAD}\n${cap('show', 0, SHOW)}\n${cap('iel', 1, 'disabled\n')}`]);
    const r = await systemdModule.run({ ...base, name: 'web', state: 'stopped', enabled: false }, h.ctx);
    expect(r).toMatchObject({ changed: false, enabled: false, state: 'stopped', name: 'web' });
    expect(h.scripts).toHaveLength(1);
  });
  it('a change: two; the reads and the start are systemctl commands as the module runs them', async () => {
    const h = host([`${HEAD}\n${cap('show', 0, SHOW)}`, `@k locale C.utf8\n${cap('act', 0)}`]);
    const r = await systemdModule.run({ ...base, name: 'web', state: 'started', no_block: true }, h.ctx);
    expect(r).toMatchObject({ changed: true, state: 'started', status: { ActiveState: 'inactive' } });
    expect(h.scripts).toHaveLength(2);
    expect(h.scripts[0]).toContain(`cap show "$SC" --no-block show web`);
    expect(h.scripts[1]).toContain(`cap act "$SC" --no-block start web`);
  });
  it('unmasking with enabled reads is-enabled again after the unmask: three', async () => {
    const masked = SHOW.replace('LoadState=loaded', 'LoadState=masked');
    const h = host([
      `${HEAD}\n${cap('show', 0, masked)}\n${cap('ie', 1, 'masked\n')}\n${cap('iel', 1, 'masked\n')}`,
      `@k locale C.utf8\n${cap('mask', 0)}\n${cap('iel2', 1, 'disabled\n')}`,
      `@k locale C.utf8\n${cap('en', 0)}`,
    ]);
    const r = await systemdModule.run({ ...base, name: 'web', masked: false, enabled: true }, h.ctx);
    expect(r).toMatchObject({ changed: true, enabled: true });
    expect(h.scripts).toHaveLength(3);
    expect(h.scripts[1]).toContain('unmask web');
    expect(h.scripts[2]).toContain('enable web');
  });
  it('check mode changes nothing and runs no daemon-reload', async () => {
    const h = host([`${HEAD}\n${cap('show', 0, SHOW)}\n${cap('iel', 1, 'disabled\n')}`], true);
    const r = await systemdModule.run(
      { ...base, daemon_reload: true, name: 'web', state: 'started', enabled: true },
      h.ctx,
    );
    expect(r).toMatchObject({ changed: true, enabled: true, state: 'started' });
    expect(h.scripts).toHaveLength(1);
    expect(h.scripts[0]).not.toContain('daemon-reload');
  });
  it('a failed daemon-reload ends the module before any read', async () => {
    const h = host([`${HEAD}\n${cap('dr', 1, '', 'Failed to reload daemon: Access denied\n')}`]);
    const r = await systemdModule.run({ ...base, daemon_reload: true, name: 'web', state: 'started' }, h.ctx);
    expect(r).toEqual({
      changed: false,
      failed: true,
      msg: 'failure 1 during daemon-reload: Failed to reload daemon: Access denied\n',
    });
  });
  it('no systemctl: get_bin_path names PATH and the sbin dirs it adds', async () => {
    const h = host([
      '@k locale C.utf8\n@k nosc 1\n@k path /opt/bin::/usr/sbin\n@k sbin/sbin 1\n@k sbin/usr/sbin 1',
    ]);
    const r = await systemdModule.run({ ...base, name: 'web', state: 'started' }, h.ctx);
    expect(r.msg).toBe('Failed to find required executable "systemctl" in paths: /opt/bin::/usr/sbin:/sbin');
  });
});
