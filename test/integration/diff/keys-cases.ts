/**
 * Playbooks for the native key and cron modules (authorized_key, known_hosts, cron), shared by
 * the differential test against Ansible (modules-keys.test.ts) and the native-vs-bridge test
 * (module-forms.test.ts). Every path is under the case's root; registered results are dumped
 * whole, `diff` included.
 */
import { dumpTasks, VOLATILE } from './modules-compare.js';

const KEEP_DIFF = VOLATILE.filter((k) => k !== 'diff');

/** The play header: like PRELUDE, but dumps keep `diff`. */
export const KEYS_PRELUDE = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(KEEP_DIFF)}
`;

/** Dumps the registered results (modules-compare.ts dumpTasks), diff kept; `filters` added to the text's. */
export function dumpAll(names: string[], filters = ''): string {
  return dumpTasks(names, [], filters);
}

const K1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey1Key1Key1Key1Key1Key1Key1Key1Key1Key1Ke one@host';
const K2 = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQKey2Key2Key2Key2Key2Key2Key2';
const K3 = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYKey3Key3Key3 three';
const K4 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey4Key4Key4 four four';

/** authorized_key: add, again, options, comment, several keys, exclusive, absent, dirs, follow, errors. */
export const AUTHORIZED_KEY_RESULTS = [
  'ak_add',
  'ak_again',
  'ak_opts',
  'ak_opts2',
  'ak_comment',
  'ak_multi',
  'ak_multi2',
  'ak_absent',
  'ak_absent2',
  'ak_excl',
  'ak_dir',
  'ak_nodir',
  'ak_follow',
  'ak_nouser',
  'ak_badkey',
  'ak_homeless',
];

export const AUTHORIZED_KEY_PLAY = `${KEYS_PRELUDE}  tasks:
    - file: { path: "{{ d }}/link-target", state: directory }
      check_mode: false
    - copy:
        dest: "{{ d }}/keys"
        mode: "0644"
        content: |
          # managed by hand
          no-pty,from="10.0.0.1" ${K2} two
          not a key line

          ${K3}
      check_mode: false
    - authorized_key: { user: root, path: "{{ d }}/keys", manage_dir: false, key: "${K1}" }
      register: ak_add
    - ansible.posix.authorized_key: { user: root, path: "{{ d }}/keys", manage_dir: false, key: "${K1}" }
      register: ak_again
    - authorized_key:
        user: root
        path: "{{ d }}/keys"
        manage_dir: false
        key: "${K3}"
        key_options: 'command="/bin/echo hi, there",no-agent-forwarding'
      register: ak_opts
    - authorized_key:
        user: root
        path: "{{ d }}/keys"
        manage_dir: false
        key: "${K2} two"
        key_options: 'from="10.0.0.1",no-pty'
      register: ak_opts2
    - authorized_key: { user: root, path: "{{ d }}/keys", manage_dir: false, key: "${K1}", comment: "renamed key" }
      register: ak_comment
    - authorized_key:
        user: root
        path: "{{ d }}/keys"
        manage_dir: false
        key: |
          # a comment in the keys
          ${K4}

          ${K1}
      register: ak_multi
    - authorized_key:
        user: root
        path: "{{ d }}/keys"
        manage_dir: false
        key: "${K4}"
      register: ak_multi2
    - authorized_key: { user: root, path: "{{ d }}/keys", manage_dir: false, key: "${K2}", state: absent }
      register: ak_absent
    - authorized_key: { user: root, path: "{{ d }}/keys", manage_dir: false, key: "${K2}", state: absent }
      register: ak_absent2
    - copy: { src: "{{ d }}/keys", dest: "{{ d }}/keys-excl", remote_src: true, mode: "0640" }
      check_mode: false
    - authorized_key:
        user: root
        path: "{{ d }}/keys-excl"
        manage_dir: false
        exclusive: true
        key: "${K4}\\n${K3}"
      register: ak_excl
    - authorized_key: { user: root, path: "{{ d }}/ssh/authorized_keys", key: "${K1}" }
      register: ak_dir
    - authorized_key: { user: root, path: "{{ d }}/deep/er/keys", manage_dir: false, key: "${K2}" }
      register: ak_nodir
    - copy: { dest: "{{ d }}/link-target/keys", content: "" }
      check_mode: false
    # a relative target: the link's size is the same under both tools' roots
    - file: { src: link-target/keys, dest: "{{ d }}/keys-link", state: link, force: true }
      check_mode: false
    - authorized_key: { user: root, path: "{{ d }}/keys-link", manage_dir: false, follow: true, key: "${K3}" }
      register: ak_follow
    - authorized_key: { user: flt-no-such-user, path: "{{ d }}/nouser", manage_dir: false, key: "${K1}" }
      register: ak_nouser
      ignore_errors: true
    - authorized_key: { user: root, path: "{{ d }}/badkey", manage_dir: false, key: "not a key" }
      register: ak_badkey
      ignore_errors: true
    - authorized_key: { user: flt-no-such-user, key: "${K1}" }
      register: ak_homeless
      ignore_errors: true
${dumpAll(AUTHORIZED_KEY_RESULTS)}`;

const H1 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOax4fjJbnkDiF5vsjBAdID3fbgncksCQRgc2V/U8fu1';
const H2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDjQGF+yqk1qPMmPg4dRBGxk+fO3TvQwdJs+dQChePXW';
const H3 =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFo1vAILlcfEeyn7dsrfuvzS/NrKdDwSr+H5F+CE/vYyDZqXXFIvtUvEaTJkaqM+ooOnuFZvi+qUb7BZ6qms6dM=';

/** known_hosts: add, again, replace, another type, a multi-name line, absent with and without key, hashing, errors. */
export const KNOWN_HOSTS_RESULTS = [
  'kh_add',
  'kh_again',
  'kh_replace',
  'kh_type',
  'kh_multi',
  'kh_absent',
  'kh_absent2',
  'kh_all',
  'kh_new',
  'kh_mismatch',
  'kh_comma',
  'kh_nokey',
];

export const KNOWN_HOSTS_PLAY = `${KEYS_PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - copy:
        dest: "{{ d }}/kh"
        mode: "0640"
        content: |
          other.example ${H2}
          # a comment
          host1.example,10.0.0.5 ${H1}
      check_mode: false
    - known_hosts: { path: "{{ d }}/kh", name: new.example, key: "new.example ${H1}" }
      register: kh_add
    - known_hosts: { path: "{{ d }}/kh", name: New.Example, key: "new.example ${H1}" }
      register: kh_again
    - known_hosts: { path: "{{ d }}/kh", name: new.example, key: "new.example ${H2}" }
      register: kh_replace
    - known_hosts: { path: "{{ d }}/kh", name: new.example, key: "new.example ${H3}" }
      register: kh_type
    - known_hosts: { path: "{{ d }}/kh", name: host1.example, key: "host1.example ${H1}" }
      register: kh_multi
    - known_hosts: { path: "{{ d }}/kh", name: other.example, key: "other.example ${H2}", state: absent }
      register: kh_absent
    - known_hosts: { path: "{{ d }}/kh", name: nothere.example, state: absent }
      register: kh_absent2
    - known_hosts: { path: "{{ d }}/kh", name: new.example, state: absent }
      register: kh_all
    - known_hosts: { path: "{{ d }}/kh-new", name: "[new.example]:2222", key: "[new.example]:2222 ${H3}" }
      register: kh_new
    - known_hosts: { path: "{{ d }}/kh", name: b.example, key: "a.example ${H1}" }
      register: kh_mismatch
      ignore_errors: true
    - known_hosts: { path: "{{ d }}/kh", name: "a.example,b.example", key: "a.example ${H1}" }
      register: kh_comma
      ignore_errors: true
    - known_hosts: { path: "{{ d }}/kh", name: a.example }
      register: kh_nokey
      ignore_errors: true
    - known_hosts: { path: "{{ d }}/kh-hashed", name: hashed.example, key: "hashed.example ${H1}", hash_host: true }
      register: kh_hash
    - known_hosts: { path: "{{ d }}/kh-hashed", name: hashed.example, key: "hashed.example ${H1}", hash_host: true }
      register: kh_hash2
    - shell: ssh-keygen -F hashed.example -f kh-hashed | grep -c '^|1|' || true
      args: { chdir: "{{ d }}" }
      register: kh_count
      check_mode: false
    - file: { path: "{{ d }}/kh-hashed", state: absent }
      check_mode: false
    - copy:
        dest: "{{ d }}/hashed.txt"
        content: "{{ kh_hash.changed }} {{ kh_hash2.changed }} {{ kh_count.stdout }} {{ kh_hash.keys() | sort | join(',') }}\\n"
      check_mode: false
${dumpAll(KNOWN_HOSTS_RESULTS)}`;

/** cron with cron_file: jobs, special times, disabled, env lines, removal, adoption, warnings, errors. */
export const CRON_RESULTS = [
  'cr_add',
  'cr_again',
  'cr_mod',
  'cr_special',
  'cr_disabled',
  'cr_env',
  'cr_env2',
  'cr_env3',
  'cr_env_again',
  'cr_env_missing',
  'cr_env_abs',
  'cr_breaks',
  'cr_abs',
  'cr_abs2',
  'cr_backup',
  'cr_nouser',
  'cr_special_err',
  'cr_after_err',
  'cr_nonl',
  'cr_adopt',
  'cr_warn',
  'cr_rmfile',
  'cr_rmfile2',
];

export const CRON_PLAY = `${KEYS_PRELUDE}  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - copy: { dest: "{{ d }}/flt-nonl", content: "MAILTO=x" }
      check_mode: false
    - copy: { dest: "{{ d }}/flt-adopt", content: "# hand made\\n* * * * * root echo raw\\n" }
      check_mode: false
    - copy: { dest: "{{ d }}/flt-rm", content: "#Ansible: only\\n@daily root echo only\\n" }
      check_mode: false
    - cron: { name: job1, user: root, cron_file: "{{ d }}/flt-cron", job: "echo one", minute: "5", hour: "2" }
      register: cr_add
    - cron: { name: job1, user: root, cron_file: "{{ d }}/flt-cron", job: "echo one", minute: "5", hour: "2" }
      register: cr_again
    - ansible.builtin.cron: { name: job1, user: root, cron_file: "{{ d }}/flt-cron", job: "echo one", minute: "5", hour: "3" }
      register: cr_mod
    - cron: { name: job2, user: root, cron_file: "{{ d }}/flt-cron", job: "echo two", special_time: daily }
      register: cr_special
    - cron: { name: job2, user: root, cron_file: "{{ d }}/flt-cron", job: "echo two", special_time: daily, disabled: true }
      register: cr_disabled
    - cron: { name: MAILTO, user: root, cron_file: "{{ d }}/flt-cron", env: true, job: "" }
      register: cr_env
    - cron: { name: PATH, user: root, cron_file: "{{ d }}/flt-cron", env: true, value: /bin, insertafter: MAILTO }
      register: cr_env2
      # in check mode MAILTO was never written: both fail alike
      ignore_errors: true
    - cron: { name: SHELL, user: root, cron_file: "{{ d }}/flt-cron", env: true, job: /bin/sh, insertbefore: PATH }
      register: cr_env3
      ignore_errors: true
    - cron: { name: PATH, user: root, cron_file: "{{ d }}/flt-cron", env: true, job: /bin }
      register: cr_env_again
    - cron: { name: X, user: root, cron_file: "{{ d }}/flt-cron", env: true, job: y, insertafter: NOPE }
      register: cr_env_missing
      ignore_errors: true
    - cron: { name: SHELL, cron_file: "{{ d }}/flt-cron", env: true, state: absent }
      register: cr_env_abs
    - cron: { name: job3, user: root, cron_file: "{{ d }}/flt-cron", job: "echo a\\necho b\\n", weekday: "1-5" }
      register: cr_breaks
    - cron: { name: job1, cron_file: "{{ d }}/flt-cron", state: absent }
      register: cr_abs
    - cron: { name: job1, cron_file: "{{ d }}/flt-cron", state: absent }
      register: cr_abs2
    - cron: { name: job4, user: root, cron_file: "{{ d }}/flt-cron", job: "echo four", backup: true }
      register: cr_backup
    # the backup is the module's own temp file (mkstemp in the host's /tmp): the case removes it
    - file: { path: "{{ cr_backup.backup_file }}", state: absent }
      when: cr_backup.backup_file is defined
      check_mode: false
    - cron: { name: job5, cron_file: "{{ d }}/flt-cron", job: "echo five" }
      register: cr_nouser
      ignore_errors: true
    - cron: { name: job5, user: root, cron_file: "{{ d }}/flt-cron", job: "echo five", special_time: hourly, minute: "1" }
      register: cr_special_err
      ignore_errors: true
    - cron: { name: job5, user: root, cron_file: "{{ d }}/flt-cron", job: "echo five", insertafter: PATH }
      register: cr_after_err
      ignore_errors: true
    - cron: { name: MAILTO, user: root, cron_file: "{{ d }}/flt-nonl", env: true, job: x }
      register: cr_nonl
    - cron: { name: raw, user: root, cron_file: "{{ d }}/flt-adopt", job: echo raw }
      register: cr_adopt
    - cron: { name: dotted, user: root, cron_file: "{{ d }}/my.cron", job: echo dot }
      register: cr_warn
    - cron: { name: only, cron_file: "{{ d }}/flt-rm", state: absent }
      register: cr_rmfile
    - cron: { name: only, cron_file: "{{ d }}/flt-rm", state: absent }
      register: cr_rmfile2
${dumpAll(CRON_RESULTS)}`;

/** cron on a user's crontab: a throwaway user per tool and host (named from the root), removed after. */
export const CRON_USER_RESULTS = ['cu_add', 'cu_again', 'cu_env', 'cu_mod', 'cu_abs', 'cu_list'];

export const CRON_USER_PLAY = `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    volatile: ${JSON.stringify(KEEP_DIFF)}
    u: "fc{{ ((root ~ inventory_hostname) | hash('md5'))[:10] }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
      check_mode: false
    - user: { name: "{{ u }}", create_home: false, shell: /bin/sh }
      check_mode: false
    - block:
        - cron: { name: j1, user: "{{ u }}", job: "echo hi", minute: "*/5" }
          register: cu_add
        - cron: { name: j1, user: "{{ u }}", job: "echo hi", minute: "*/5" }
          register: cu_again
        - cron: { name: MAILTO, user: "{{ u }}", env: true, job: "" }
          register: cu_env
        - cron: { name: j2, user: "{{ u }}", job: "echo two", special_time: reboot }
          register: cu_mod
        - cron: { name: j1, user: "{{ u }}", state: absent }
          register: cu_abs
        - command: crontab -u {{ u }} -l
          register: cu_list
          check_mode: false
          failed_when: false
      always:
        - command: crontab -u {{ u }} -r
          check_mode: false
          failed_when: false
        - user: { name: "{{ u }}", state: absent }
          check_mode: false
${dumpAll(CRON_USER_RESULTS, " | replace(u, '<user>')")}`;
