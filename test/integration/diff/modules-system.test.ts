/**
 * Differential tests against ansible-playbook 2.14 for the system modules that run natively
 * (system-cases.ts): mount on fstab files of the case's own. Whole registered results,
 * files written and the recap.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { HOSTNAME_CASE, MOUNT_CASE, PACKAGE_CASE } from './system-cases.js';

describe('same as ansible-playbook: system modules', () => {
  const fleet = ownFleet(1);

  it('mount on files of its own: add, again, modify, boot, swap, short lines, absent, rmdir, check mode, errors', async () => {
    const r = await runBoth(fleet(), MOUNT_CASE);
    same(r);
    const files = r.ansible.files;
    expect(files['node001/etc/fstab']).toContain('/srv/flt\\040a\\040b\\046c ext4 ro,noatime 1 2\n');
    expect(files['node001/etc/fstab2']).toContain('/dev/x /srv/four ext4 defaults 0 0\n');
    // m_full's entry went before its rmdir failed
    expect(files['node001/dirs.txt']).toBe('0644 ');
    expect(files['node001/m_new.json']).toContain('"m_again": {"boot": "yes", "changed": false');
    expect(files['node001/m_new.json']).toContain('Error rmdir');
    expect(files['node001/m_new.json']).toContain('"m_gone": {"exists": false}');
    expect(files['node001/m_new.json']).toContain('"matched": 1');
  }, 120_000);

  it('package_facts: auto, apt with strategy all in check mode (whole packages dict), other managers, bad args', async () => {
    const r = await runBoth(fleet(), PACKAGE_CASE);
    same(r);
    expect(r.ansible.files['node001/same.txt']).toBe('0644 True True apt');
    expect(r.ansible.files['node001/p_auto.json']).toContain('"source": "apt"');
    expect(r.ansible.files['node001/p_auto.json']).toContain('Unsupported package managers requested: dpkg');
  }, 120_000);

  it('hostname in check mode with the name the machine has, FQCN, bad args', async () => {
    const r = await runBoth(fleet(), HOSTNAME_CASE);
    same(r);
    expect(r.ansible.files['node001/h_same.json']).toContain('"h_same": {"ansible_facts": {"ansible_domain"');
    expect(r.ansible.files['node001/h_same.json']).toContain('"changed": false, "failed": false, "name"');
  }, 120_000);
});
