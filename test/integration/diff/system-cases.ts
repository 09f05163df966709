/**
 * The system module cases (modules-system.test.ts, module-forms.test.ts): mount on fstab
 * files of the case's own (only the states that edit the file; mounted, unmounted and
 * remounted in check mode), run once: its check-mode answers are tasks of their own.
 */
import type { DiffCase } from './harness.js';
import { dumpTasks, PRELUDE } from './modules-compare.js';

const MOUNT = [
  'm_new',
  'm_again',
  'm_fqcn_check',
  'm_modify',
  'm_noboot',
  'm_noboot_rw',
  'm_noauto',
  'm_swap',
  'm_swap2',
  'm_four',
  'm_six',
  'm_six_gone',
  'm_seven',
  'm_absent_check',
  'm_absent',
  'm_absent_again',
  'm_gone',
  'm_full',
  'm_backup',
  'backups',
  'm_mounted',
  'm_mounted_root',
  'm_unmounted',
  'm_unmounted_proc',
  'm_remounted',
  'm_nosrc',
  'm_badstate',
];

const FSTAB = '"{{ d }}/etc/fstab"';
const FSTAB2 = '"{{ d }}/etc/fstab2"';
const FSTAB3 = '"{{ d }}/etc/fstab3"';
/** The entries of mount points under the case's dir: compared without the dir's name. */
const FSTAB_DIRS = '"{{ d }}/etc/dirs"';

export const MOUNT_CASE: DiffCase = {
  hosts: 1,
  playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}/mnt/{{ item }}", state: directory }
      loop: [empty, full/x]
      check_mode: false
    - mount: { path: "/srv/flt a b&c", src: /dev/flt-none, fstype: ext4, fstab: ${FSTAB}, state: present }
      register: m_new
    - mount: { path: "/srv/flt a b&c", src: /dev/flt-none, fstype: ext4, fstab: ${FSTAB}, state: present }
      register: m_again
    - ansible.posix.mount: { name: "/srv/flt a b&c", src: /dev/flt-none, fstype: ext4, opts: ro, fstab: ${FSTAB}, state: present }
      check_mode: true
      register: m_fqcn_check
    - mount: { path: "/srv/flt a b&c", src: /dev/flt-none, fstype: ext4, opts: "ro,noatime", dump: 1, passno: "2", fstab: ${FSTAB}, state: present }
      register: m_modify
    - mount: { path: /srv/nb, src: "/dev/nb", fstype: xfs, boot: false, fstab: ${FSTAB}, state: present }
      register: m_noboot
    - mount: { path: /srv/nb2, src: "/dev/nb2", fstype: xfs, opts: rw, boot: false, fstab: ${FSTAB}, state: present }
      register: m_noboot_rw
    - mount: { path: /srv/na, src: "/dev/na", fstype: xfs, opts: "noauto,ro", boot: false, fstab: ${FSTAB}, state: present }
      register: m_noauto
    - mount: { path: none, src: /dev/swap-a, fstype: swap, opts: sw, fstab: ${FSTAB}, state: present }
      register: m_swap
    - mount: { path: none, src: /dev/swap-b, fstype: swap, opts: sw, fstab: ${FSTAB}, state: present }
      register: m_swap2
    # no template in the text: Jinja would make its CRLF a LF
    - copy:
        dest: ${FSTAB2}
        content: "# comment\\n\\n  /dev/x   /srv/four ext4 defaults\\nUUID=1 /srv/six ext4 defaults 0 2\\r\\n/dev/y /srv/seven a b c d e f\\n/dev/z /srv/last ext4 defaults 0 0"
      check_mode: false
    - copy:
        dest: ${FSTAB_DIRS}
        content: "/dev/empty {{ d }}/mnt/empty tmpfs defaults 0 0\\n/dev/full {{ d }}/mnt/full tmpfs defaults 0 0\\n"
      check_mode: false
    - mount: { path: /srv/four, src: /dev/x, fstype: ext4, fstab: ${FSTAB2}, state: present }
      register: m_four
    - mount: { path: /srv/six, src: UUID=1, fstype: ext4, passno: "2", fstab: ${FSTAB2}, state: present }
      register: m_six
    - mount: { path: /srv/six, fstab: ${FSTAB2}, state: absent_from_fstab }
      register: m_six_gone
    - mount: { path: /srv/seven, fstab: ${FSTAB2}, state: absent_from_fstab }
      register: m_seven
    - mount: { path: "{{ d }}/mnt/empty", fstab: ${FSTAB_DIRS}, state: absent }
      check_mode: true
      register: m_absent_check
    - mount: { path: "{{ d }}/mnt/empty", fstab: ${FSTAB_DIRS}, state: absent }
      register: m_absent
    - mount: { path: "{{ d }}/mnt/empty", fstab: ${FSTAB_DIRS}, state: absent }
      register: m_absent_again
    - stat: { path: "{{ d }}/mnt/empty" }
      register: st
    - set_fact: { m_gone: { exists: "{{ st.stat.exists }}" } }
    - mount: { path: "{{ d }}/mnt/full", fstab: ${FSTAB_DIRS}, state: absent }
      register: m_full
      ignore_errors: true
    - mount: { path: /srv/backup, src: /dev/b, fstype: ext4, fstab: ${FSTAB2}, state: present, backup: true }
      register: m_backup
    - find: { paths: "{{ d }}/etc", patterns: "fstab2.*" }
      register: backups
      check_mode: false
    - mount: { path: "{{ d }}/mnt/not-mounted", src: /dev/flt-none, fstype: ext4, fstab: ${FSTAB3}, state: mounted }
      check_mode: true
      register: m_mounted
    - mount: { path: /, src: /dev/flt-none, fstype: ext4, fstab: ${FSTAB3}, state: mounted }
      check_mode: true
      register: m_mounted_root
    - mount: { path: "{{ d }}/mnt/not-mounted", fstab: ${FSTAB3}, state: unmounted }
      check_mode: true
      register: m_unmounted
    - mount: { path: /proc, fstab: ${FSTAB3}, state: unmounted }
      check_mode: true
      register: m_unmounted_proc
    - mount: { path: /proc, fstab: ${FSTAB3}, state: remounted }
      check_mode: true
      register: m_remounted
    - mount: { path: /srv/x, fstype: ext4, fstab: ${FSTAB}, state: present }
      register: m_nosrc
      ignore_errors: true
    - mount: { path: /srv/x, src: /dev/x, fstype: ext4, fstab: ${FSTAB}, state: plugged }
      register: m_badstate
      ignore_errors: true
    - slurp: { src: ${FSTAB_DIRS} }
      register: dirs
    - copy: { dest: "{{ d }}/dirs.txt", content: "{{ dirs.content | b64decode | replace(root, '<root>') }}" }
      check_mode: false
    - file: { path: "{{ item }}", state: absent }
      loop: "{{ backups.files | map(attribute='path') | list + [d + '/etc/dirs'] }}"
      loop_control: { label: "{{ item | basename | truncate(6, true, '') }}" }
      check_mode: false
${dumpTasks(MOUNT, ['files', 'examined'], " | replace(inventory_hostname, '<host>')")}`,
};

const PACKAGES = ['p_auto', 'p_apt_check', 'p_dpkg', 'p_bad', 'h_same', 'h_fqcn', 'h_baduse', 'h_noname'];

/**
 * package_facts (apt's, as auto finds it on this Debian host: the whole packages dict
 * compared) and hostname, in check mode with the name the machine has (never another, nor
 * outside check mode): one play, as each playbook run costs Ansible seconds.
 */
export const FACTS_CASE: DiffCase = {
  hosts: 1,
  playbook: `${PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - package_facts:
      register: p_auto
    - ansible.builtin.package_facts: { manager: [APT, auto], strategy: all }
      check_mode: true
      register: p_apt_check
    - package_facts: { manager: dpkg }
      register: p_dpkg
      ignore_errors: true
    - package_facts: { strategy: last }
      register: p_bad
      ignore_errors: true
    - copy: { dest: "{{ d }}/same.txt", content: "{{ p_auto == p_apt_check }} {{ ansible_facts.packages | length > 50 }} {{ ansible_facts.packages.dpkg[0].source }}" }
      check_mode: false
    - command: cat /etc/hostname
      register: current
      check_mode: false
    - hostname: { name: "{{ current.stdout | trim }}" }
      check_mode: true
      register: h_same
    - ansible.builtin.hostname: { name: "{{ current.stdout | trim }}" }
      check_mode: true
      register: h_fqcn
    - hostname: { name: "{{ current.stdout | trim }}", use: nosuch }
      check_mode: true
      register: h_baduse
      ignore_errors: true
    - hostname: {}
      check_mode: true
      register: h_noname
      ignore_errors: true
${dumpTasks(PACKAGES)}`,
};
