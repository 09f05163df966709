/**
 * Differential tests against ansible-playbook 2.14 for the system modules that run natively
 * (system-cases.ts): mount on fstab files of the case's own, package_facts and hostname.
 * Whole registered results, files written and the recap.
 */
import { describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { same } from './modules-compare.js';
import { FACTS_CASE, MOUNT_CASE } from './system-cases.js';

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

  it('package_facts (auto, apt with strategy all in check mode, the whole packages dict, other managers, bad args) and hostname (check mode, the name the machine has)', async () => {
    const r = await runBoth(fleet(), FACTS_CASE);
    same(r);
    const dump = r.ansible.files['node001/p_auto.json'];
    expect(r.ansible.files['node001/same.txt']).toBe('0644 True True apt');
    expect(dump).toContain('"source": "apt"');
    expect(dump).toContain('Unsupported package managers requested: dpkg');
    expect(dump).toContain('"h_same": {"ansible_facts": {"ansible_domain"');
    expect(dump).toMatch(/"h_same": \{[^}]*\}, "changed": false, "failed": false, "name"/);
  }, 120_000);
});
