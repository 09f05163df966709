/**
 * Differential tests against ansible-playbook 2.14 for get_url and uri, whose HTTP client
 * runs on the host (curl or wget natively, urllib in Ansible's module) against a loopback
 * server started here. Registered results are dumped whole (times, dates and the temp
 * file's path dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { GET_URL_CHECK_TASKS, GET_URL_TASKS, URI_TASKS } from './http-cases.js';
import { FILES, startHttpServer } from './http-server.js';
import { PRELUDE, same } from './modules-compare.js';

describe('same as ansible-playbook: get_url and uri against a loopback server', () => {
  const fleet = ownFleet(1);
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    server = await startHttpServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const vars = () => ['-e', `base=http://127.0.0.1:${server.port}`];

  it('get_url and uri: files, directories, checksums, backup, auth, headers, bodies, redirects, errors; then --check --diff', async () => {
    const playbook = `${PRELUDE}  tasks:\n${GET_URL_TASKS}${URI_TASKS}`;
    const normal = await runBoth(fleet(), { hosts: 1, playbook, args: vars() });
    same(normal);
    expect(normal.ansible.files['node001/hello.txt']).toBe(`0640 ${FILES['other.txt']}`);
    expect(normal.ansible.files['node001/dir/report.csv']).toBe('0644 a,b\n1,2\n');
    // a read that outlasts the timeout fails as urllib's socket timeout does
    expect(normal.ansible.files['node001/u_get.json']).toContain(
      '"msg": "Status code was -1 and not [200]: Connection failure: timed out"',
    );
    const checkPlay = `${PRELUDE}  tasks:\n${GET_URL_CHECK_TASKS}    - uri: { url: "{{ base }}/json" }\n      register: c_uri\n    - copy: { dest: "{{ d }}/c_uri.json", content: "{{ c_uri | to_nice_json }}" }\n      check_mode: false\n`;
    const check = await runBoth(fleet(), {
      hosts: 1,
      playbook: checkPlay,
      args: [...vars(), '--check', '--diff'],
    });
    same(check);
    expect(check.ansible.files['node001/there.txt']).toBe('0600 old\n');
  }, 120_000);
});
