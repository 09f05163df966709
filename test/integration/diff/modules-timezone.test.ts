/**
 * community.general.timezone against ansible-playbook 2.14, on a fleet host whose /etc and
 * debconf cache are private overlays (timezone-cases.ts): the module's Debian form (no usable
 * timedatectl: /etc/timezone, /etc/localtime, dpkg-reconfigure tzdata, /etc/default/rcS).
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempFile } from '../../support/cli.js';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { timezoneCase } from './timezone-cases.js';

describe('same as ansible-playbook: timezone', () => {
  const fleet = ownFleet(1, { privateDirs: ['/etc', '/var/cache/debconf'] });

  it('name and hwclock: unchanged, new, again, aliases, unknown zones, copies, broken links, missing files, failures', async () => {
    const r = await runBoth(fleet(), timezoneCase());
    same(r);
    const results = r.ansible.files['node001/z_same.json'];
    expect(results).toContain('"z_new": {"changed": true, "diff": {"after": {"name": "Asia/Tokyo"}');
    expect(results).toContain('"before": {"hwclock": "local", "name": "Europe/Paris"}');
    expect(results).toContain('"before": {"name": "#"}');
  }, 240_000);

  it('in check mode with --diff', async () => {
    same(await runBoth(fleet(), timezoneCase(['--check', '--diff'])));
  }, 240_000);

  it('runs natively: no Python on the host is needed', async () => {
    const play = tempFile(
      'play.yml',
      `- hosts: fleet
  gather_facts: false
  tasks:
    - shell: printf 'Etc/UTC\\n' > /etc/timezone; ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime
    - timezone: { name: America/Sao_Paulo }
    - command: cat /etc/timezone
      register: zone
    - debug: { var: zone.stdout }
`,
    );
    const r = await runCli([
      'run',
      play,
      '-i',
      fleet().inventoryFile,
      '-e',
      'ansible_python_interpreter=/nonexistent/python3',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/TASK \[timezone\] \*+\nchanged: \[node001\]/);
    expect(r.stdout).toContain('"zone.stdout": "America/Sao_Paulo"');
  }, 120_000);
});
