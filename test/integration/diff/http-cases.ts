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
  'g_redirect',
  'g_sum_new',
  'g_sum_again',
  'g_sum_mode',
  'g_sum_bad',
  'g_backup',
  'g_backup_content',
  'g_404',
  'g_auth',
  'g_headers',
  'g_bridged',
  'g_refused',
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
    - get_url: { url: "{{ base }}/redirect", dest: "{{ d }}/dir" }
      register: g_redirect
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/sum.txt", checksum: "sha256:${digest('sha256', FILES['other.txt'])}" }
      register: g_sum_new
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/sum.txt", checksum: "sha256:${digest('sha256', FILES['other.txt'])}" }
      register: g_sum_again
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/sum.txt", checksum: "sha1:${digest('sha1', FILES['other.txt']).toUpperCase()}", mode: "0600" }
      register: g_sum_mode
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/bad.txt", checksum: "sha256:${digest('sha256', 'something else')}" }
      register: g_sum_bad
      ignore_errors: true
    - get_url: { url: "{{ base }}/files/other.txt", dest: "{{ d }}/hello.txt", force: true, backup: true }
      register: g_backup
    # the backup's name holds a pid and a time: its content is checked, then it goes
    - shell: cat "{{ g_backup.backup_file }}" && rm "{{ g_backup.backup_file }}"
      register: g_backup_content
    - get_url: { url: "{{ base }}/nothing/here.txt", dest: "{{ d }}/missing.txt" }
      register: g_404
      ignore_errors: true
    - get_url: { url: "{{ base }}/auth/secret.txt", dest: "{{ d }}/secret.txt", url_username: alice, url_password: s3cret }
      register: g_auth
    - get_url:
        url: "{{ base }}/echo"
        dest: "{{ d }}/echo.json"
        headers: { X-Flotilla: "one", Accept: "text/plain" }
        url_username: bob
        url_password: pw-of-bob
        force_basic_auth: true
        timeout: 5
        validate_certs: false
      register: g_headers
    # an argument the native form leaves to Ansible's module (through the bridge)
    - get_url: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/proxyless.txt", use_proxy: false }
      register: g_bridged
    - get_url: { url: "http://127.0.0.1:1/x", dest: "{{ d }}/refused.txt" }
      register: g_refused
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

/** The uri play. */
export const URI_NAMES = [
  'u_get',
  'u_post_json',
  'u_post_form',
  'u_put_raw',
  'u_404_ok',
  'u_404_json',
  'u_redirect',
  'u_redirect_none',
  'u_redirect_post_all',
  'u_auth',
  'u_auth_forced',
  'u_dest',
  'u_dest_again',
  'u_creates',
  'u_refused',
  'u_timeout',
  'u_chunked',
  'u_head',
];

export const URI_TASKS = `    - file: { path: "{{ d }}/udir", state: directory }
      check_mode: false
    - uri: { url: "{{ base }}/json" }
      register: u_get
    - uri:
        url: "{{ base }}/echo"
        method: POST
        body_format: json
        body: { name: "flotilla", list: [1, 2.5, "three"], nested: { ok: true, none: null } }
      register: u_post_json
    - uri:
        url: "{{ base }}/echo"
        method: post
        body_format: form-urlencoded
        body: { a: "x y&z", b: [1, 2], c: true }
        status_code: [200, 201]
        return_content: true
      register: u_post_form
    - uri:
        url: "{{ base }}/echo"
        method: PUT
        body: "raw text\\nsecond line"
        headers: { X-Flotilla: "two", Content-Type: "text/plain" }
      register: u_put_raw
    - uri: { url: "{{ base }}/nothing", status_code: [404] }
      register: u_404_ok
    - uri: { url: "{{ base }}/echo?status=404", return_content: true }
      register: u_404_json
      ignore_errors: true
    - uri: { url: "{{ base }}/redirect" }
      register: u_redirect
    - uri: { url: "{{ base }}/redirect", follow_redirects: none, status_code: [302] }
      register: u_redirect_none
    - uri: { url: "{{ base }}/redirect-post", method: POST, body: "x=1", follow_redirects: all }
      register: u_redirect_post_all
    - uri: { url: "{{ base }}/auth/secret.txt", user: alice, password: s3cret, return_content: true }
      register: u_auth
    - uri: { url: "{{ base }}/auth/secret.txt", url_username: alice, url_password: s3cret, force_basic_auth: true }
      register: u_auth_forced
    - uri: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/u.txt", mode: "0600" }
      register: u_dest
    - uri: { url: "{{ base }}/files/hello.txt", dest: "{{ d }}/u.txt", status_code: [200, 304] }
      register: u_dest_again
    - uri: { url: "{{ base }}/json", creates: "{{ d }}/u.txt" }
      register: u_creates
    - uri: { url: "http://127.0.0.1:1/x", timeout: 5 }
      register: u_refused
      ignore_errors: true
    - uri: { url: "{{ base }}/slow", timeout: 1 }
      register: u_timeout
      ignore_errors: true
    - uri: { url: "{{ base }}/chunked", return_content: true }
      register: u_chunked
    - uri: { url: "{{ base }}/json", method: HEAD }
      register: u_head
${dumpTasks(URI_NAMES, ['elapsed', 'date'])}`;
