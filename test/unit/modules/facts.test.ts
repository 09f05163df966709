import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../src/modules/util/facts.js';

/** Output of the facts script (setup.ts) as a Debian 12 host prints it, trimmed. */
function debianOutput(lsb: string): string {
  return [
    '@@uname',
    'web1',
    '6.1.0',
    '#1 SMP',
    'x86_64',
    'Linux',
    '@@misc',
    'systemd',
    'apt-get',
    '12.11',
    '@@osrelease',
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    'ID=debian',
    'VERSION_ID="12"',
    'VERSION_CODENAME=bookworm',
    '@@lsb',
    lsb,
    '@@env',
    'HOME=/root',
  ].join('\n');
}

describe('facts as Ansible 2.14 reports them on Debian 12', () => {
  it('distribution version, minor version and distribution file keys', () => {
    const f = parseFacts(debianOutput(''));
    expect(f).toMatchObject({
      ansible_distribution: 'Debian',
      ansible_distribution_version: '12.11',
      ansible_distribution_major_version: '12',
      ansible_distribution_minor_version: '11',
      ansible_distribution_release: 'bookworm',
      ansible_distribution_file_parsed: true,
      ansible_distribution_file_path: '/etc/os-release',
      ansible_distribution_file_variety: 'Debian',
      ansible_os_family: 'Debian',
    });
    expect(f.ansible_lsb).toEqual({});
  });

  it('ansible_lsb from lsb_release -a', () => {
    const lsb = [
      'Distributor ID:\tDebian',
      'Description:\tDebian GNU/Linux 12 (bookworm)',
      'Release:\t12',
      'Codename:\tbookworm',
    ].join('\n');
    expect(parseFacts(debianOutput(lsb)).ansible_lsb).toEqual({
      id: 'Debian',
      description: 'Debian GNU/Linux 12 (bookworm)',
      release: '12',
      major_release: '12',
      codename: 'bookworm',
    });
  });
});
