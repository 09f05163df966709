/**
 * unarchive, assemble and uri through the bridge with the controller half of their action plugins:
 * a controller `src` (and uri's form-multipart filename) is sent to a private temp dir on
 * the host, the module runs with its path, and the dir is removed. Against ansible-playbook
 * 2.14, with a loopback HTTP server for uri.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

/** Answers every request with its method, path and the size and first line of its body. */
let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.sendDate = false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const file = /Content-Disposition: form-data; name="(\w+)"; filename="([^"]+)"/.exec(body);
      res.setHeader('content-type', 'text/plain');
      res.end(
        `${req.method} ${req.url} ${body.length} ${file ? `${file[1]}=${file[2]}` : body.split('\n')[0]}\n`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** files/site.tar.gz holds site/index.html; files/page.txt is posted by uri. */
function makeArchive(dir: string): void {
  const src = path.join(dir, 'build', 'site');
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(src, 'index.html'), '<h1>hello</h1>\n');
  mkdirSync(path.join(dir, 'files'), { recursive: true });
  execFileSync('tar', [
    '-czf',
    path.join(dir, 'files', 'site.tar.gz'),
    '-C',
    path.join(dir, 'build'),
    'site',
  ]);
}

const PLAY = () => `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
    url: "http://127.0.0.1:${port}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - name: a controller archive
      unarchive: { src: site.tar.gz, dest: "{{ d }}" }
      register: sent
    - name: again, unchanged
      unarchive: { src: site.tar.gz, dest: "{{ d }}" }
    - name: creates skips it
      unarchive: { src: site.tar.gz, dest: "{{ d }}", creates: "{{ d }}/site" }
    - name: the deprecated copy form, from the host
      unarchive: { src: "{{ playbook_dir }}/files/site.tar.gz", dest: "{{ d }}", copy: false }
    - name: dest must be a directory
      unarchive: { src: site.tar.gz, dest: "{{ d }}/nope" }
      ignore_errors: true
    - name: both copy and remote_src
      unarchive: { src: site.tar.gz, dest: "{{ d }}", copy: true, remote_src: false }
      ignore_errors: true
    - name: assemble controller fragments, filtered, delimited
      assemble: { src: frags, dest: "{{ d }}/conf", remote_src: false, regexp: '^[0-9]', delimiter: '### part\\t', ignore_hidden: true, mode: "0640" }
    - name: assembled again, unchanged
      assemble: { src: frags, dest: "{{ d }}/conf", remote_src: false, regexp: '^[0-9]', delimiter: '### part\\t', ignore_hidden: true, mode: "0640" }
    - name: assemble in check mode is skipped
      assemble: { src: frags, dest: "{{ d }}/conf2", remote_src: false }
      check_mode: true
    - name: assemble fragments on the host (remote_src defaults to yes)
      assemble: { src: "{{ playbook_dir }}/frags", dest: "{{ d }}/conf3" }
    - name: assemble needs src and dest
      assemble: { src: frags }
      ignore_errors: true
    - slurp: { src: "{{ d }}/conf" }
      register: conf
    - debug: msg="{{ conf.content | b64decode }}"
    - name: uri posts a controller file
      uri: { url: "{{ url }}/upload", method: POST, src: page.txt, return_content: true }
      register: posted
    - debug: var=posted.content
    - name: a multipart upload of a controller file
      uri:
        url: "{{ url }}/form"
        method: POST
        body_format: form-multipart
        body:
          doc: { filename: page.txt, mime_type: text/plain }
          note: plain
        return_content: true
      register: form
    - debug: msg="{{ form.content.split(' ')[:2] | join(' ') }} {{ form.content.split(' ')[-1] }}"
    - name: the shell tmpdir it was sent to is gone
      stat: { path: "{{ sent.src | dirname }}" }
      register: tmpdir
    - debug: var=tmpdir.stat.exists
`;

describe('controller files for unarchive, assemble and uri against ansible-playbook', () => {
  const fleet = ownFleet(2);
  it('unarchive from the controller and the host, creates, errors; assemble; uri src and multipart', {
    timeout: SLOW,
  }, async () => {
    expectSame(
      await runBoth(fleet(), {
        playbook: PLAY(),
        hosts: 2,
        files: {
          'files/page.txt': 'first line\nsecond\n',
          'frags/01-head': 'head\n',
          'frags/02-body': 'body without newline',
          'frags/03-tail': 'tail\n',
          'frags/.04-hidden': 'hidden\n',
          'frags/notnum': 'skipped by regexp\n',
        },
        setup: makeArchive,
        args: ['-v'],
      }),
    );
  });

  it('assemble --diff: the dest before, the assembled text after (new, changed, unchanged)', {
    timeout: SLOW,
  }, async () => {
    const r = await runBoth(fleet(), {
      playbook: `- hosts: fleet
  gather_facts: false
  vars:
    d: "{{ root }}/{{ inventory_hostname }}"
  tasks:
    - file: { path: "{{ d }}", state: directory }
    - assemble: { src: frags, dest: "{{ d }}/conf", remote_src: false }
    - copy: { dest: "{{ d }}/conf", content: "old\\n" }
    - assemble: { src: frags, dest: "{{ d }}/conf", remote_src: false }
    - assemble: { src: frags, dest: "{{ d }}/conf", remote_src: false }
`,
      hosts: 2,
      files: { 'frags/01-head': 'head\n', 'frags/02-body': 'body\n' },
      args: ['--diff'],
    });
    // Ansible's after_header is its local temp file of the assembled text; flotilla
    // assembles in memory and names the fragments' dir.
    r.ansible.stdout = assembledHeader(r.ansible.stdout, /ansible-local-/);
    r.flotilla.stdout = assembledHeader(r.flotilla.stdout, /\/frags$/);
    expect(r.flotilla.stdout).toContain('+++ after: <assembled>');
    expectSame(r);
  });
});

/** In the assemble tasks' blocks, the `+++ after:` header that matches `label`, as <assembled>. */
function assembledHeader(stdout: string, label: RegExp): string {
  return stdout
    .split(/^(?=TASK \[)/m)
    .map((block) =>
      block.startsWith('TASK [assemble]')
        ? block.replace(/^\+\+\+ after: (\S*)$/gm, (line, p: string) =>
            label.test(p) ? '+++ after: <assembled>' : line,
          )
        : block,
    )
    .join('');
}
