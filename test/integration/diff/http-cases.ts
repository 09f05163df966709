/**
 * The get_url and uri plays of modules-http.test.ts (and module-forms.test.ts): `{{ base }}`
 * is the loopback server's url (http-server.ts).
 */
import { createHash } from 'node:crypto';
import { FILES } from './http-server.js';
import { dumpTasks } from './modules-compare.js';

const digest = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

/** The get_url play: `{{ base }}` is the server's url. */
export const GET_URL_NAMES = [
  'g_new',
  'g_again',
  'g_force',
  'g_dir_cd',
  'g_dir_url',
  'g_redirect',
  'g_sum_new',
  'g_sum_again',
  'g_sum_mode',
  'g_sum_md5',
  'g_sum_bad',
  'g_sum_format',
  'g_backup',
  'g_backup_content',
  'g_404',
  'g_auth',
  'g_auth_forced',
  'g_auth_missing',
  'g_headers',
  'g_chunked',
  'g_refused',
  'g_nodir',
];

export const GET_URL_TASKS = `    - file: { path: "{{ d }}/dir", state: directory }
      check_mode: false
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/hello.txt", mode: "0640" }
      register: g_new
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/hello.txt", mode: "0640" }
      register: g_again
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/hello.txt", force: true }
      register: g_force
    - get_url: { url: "{{ base }}/dl/report", dest: "{{ d }}/dir" }
      register: g_dir_cd
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/dir/" }
      register: g_dir_url
    - get_url: { url: "{{ base }}/redirect", dest: "{{ d }}/dir" }
      register: g_redirect
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/sum.txt", checksum: "sha256:${digest('sha256', FILES['other.txt'])}" }
      register: g_sum_new
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/sum.txt", checksum: "sha256:${digest('sha256', FILES['other.txt'])}" }
      register: g_sum_again
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/sum.txt", checksum: "sha1:${digest('sha1', FILES['other.txt']).toUpperCase()}", mode: "0600" }
      register: g_sum_mode
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/md5.txt", checksum: "md5:${digest('md5', FILES['hello.txt'])}" }
      register: g_sum_md5
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/bad.txt", checksum: "sha256:${digest('sha256', 'something else')}" }
      register: g_sum_bad
      ignore_errors: true
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/bad.txt", checksum: "sha256" }
      register: g_sum_format
      ignore_errors: true
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/hello.txt", force: true, backup: true }
      register: g_backup
    # the backup's name holds a pid and a time: its content is checked, then it goes
    - command: cat "{{ g_backup.backup_file }}"
      register: g_backup_content
      when: g_backup.backup_file is defined
      changed_when: false
    - file: { path: "{{ g_backup.backup_file }}", state: absent }
      when: g_backup.backup_file is defined
    - get_url: { url: "{{ base }}/nothing/here.txt", dest: "{{ d }}/missing.txt" }
      register: g_404
      ignore_errors: true
    - get_url: { url: "{{ base }}/auth/secret.txt", dest: "{{ d }}/secret.txt", url_username: alice, url_password: s3cret }
      register: g_auth
    - get_url: { url: "{{ base }}/auth/secret.txt", dest: "{{ d }}/secret2.txt", username: alice, password: s3cret, force_basic_auth: true }
      register: g_auth_forced
    - get_url: { url: "{{ base }}/auth/secret.txt", dest: "{{ d }}/secret3.txt" }
      register: g_auth_missing
      ignore_errors: true
    - get_url:
        url: "{{ base }}/echo"
        dest: "{{ d }}/echo.json"
        headers: { X-Flotilla: "one", Accept: "text/plain" }
        timeout: 5
        validate_certs: false
      register: g_headers
    - get_url: { url: "{{ base }}/chunked", dest: "{{ d }}/chunked.txt", tmp_dest: "{{ d }}" }
      register: g_chunked
    - get_url: { url: "http://127.0.0.1:1/x", dest: "{{ d }}/refused.txt" }
      register: g_refused
      ignore_errors: true
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/no/such/dir/file.txt" }
      register: g_nodir
      ignore_errors: true
${dumpTasks(GET_URL_NAMES, ['elapsed', 'src', 'cmd', 'stderr_lines'])}`;

/** The get_url tasks for --check --diff: a file there (made for real), and the cases that differ. */
export const GET_URL_CHECK_NAMES = [
  'c_new',
  'c_exists',
  'c_force',
  'c_dir',
  'c_redirect',
  'c_sum',
  'c_sum_bad',
  'c_404',
];
export const GET_URL_CHECK_TASKS = `    - file: { path: "{{ d }}/dir", state: directory }
      check_mode: false
    - copy: { dest: "{{ d }}/there.txt", content: "old\\n", mode: "0600" }
      check_mode: false
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/hello.txt" }
      register: c_new
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/there.txt" }
      register: c_exists
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/there.txt", force: true, mode: "0644" }
      register: c_force
    - get_url: { url: "{{ base }}/dl/report", dest: "{{ d }}/dir" }
      register: c_dir
    - get_url: { url: "{{ base }}/redirect", dest: "{{ d }}/dir" }
      register: c_redirect
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/there.txt", checksum: "sha256:${digest('sha256', 'old\n')}", mode: "0644" }
      register: c_sum
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/there.txt", checksum: "sha256:${digest('sha256', 'other')}" }
      register: c_sum_bad
      ignore_errors: true
    - get_url: { url: "{{ base }}/nothing/here.txt", dest: "{{ d }}/missing.txt" }
      register: c_404
      ignore_errors: true
${dumpTasks(GET_URL_CHECK_NAMES, ['elapsed', 'src'])}`;
