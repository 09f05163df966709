/**
 * Ansible Vault against ansible-playbook 2.14, with vault data made by Ansible's own
 * `ansible-vault`: a vaulted vars file (vars_files and include_vars), an inline `!vault`
 * value in the playbook and in group_vars, a vaulted file as copy's src and in
 * lookup('file'); passwords from a file, an executable script and `--vault-id label@file`;
 * and the errors for a wrong password, no password and a missing password file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dirs.js';
import { ownFleet, runBoth } from './harness.js';
import { expectSame, SLOW } from './sweep-compare.js';

const VAULT = '/usr/bin/ansible-vault';
const PASSWORD = 'sekrit-pass';

/** The play; INLINE is replaced by an `ansible-vault encrypt_string` block. */
const PLAY = `- hosts: fleet
  gather_facts: false
  vars_files: [secrets.yml]
  vars:
    inline: INLINE
  tasks:
    - debug: msg="{{ db_pass }} {{ nested.k }} {{ api_token }} {{ inline }}"
    - copy: src=blob.txt dest={{ root }}/{{ inventory_hostname }}-blob mode=0600
    - debug: msg="{{ lookup('file', 'blob.txt') }}"
    - include_vars: secrets.yml
    - debug: msg="{{ db_pass | length }}"
`;

function encrypt(dir: string, text: string): string {
  const file = path.join(dir, 'plain.tmp');
  writeFileSync(file, text);
  execFileSync(VAULT, ['encrypt', '--vault-password-file', path.join(dir, 'pw.txt'), file], {
    stdio: 'ignore',
  });
  return readFileSync(file, 'utf8');
}

function encryptString(dir: string, text: string, indent: string): string {
  const out = execFileSync(
    VAULT,
    ['encrypt_string', '--vault-password-file', path.join(dir, 'pw.txt'), text],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  // "!vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          6336..." re-indented for its place
  const [tag, ...body] = out.trimEnd().split('\n');
  return [tag, ...body.map((l) => indent + l.trim())].join('\n');
}

describe('same as ansible-playbook: vault', () => {
  const fleet = ownFleet(2);
  let files: Record<string, string> = {};

  beforeAll(() => {
    const dir = tempDir('flt-vault-');
    writeFileSync(path.join(dir, 'pw.txt'), `${PASSWORD}\n`);
    files = {
      'pw.txt': `${PASSWORD}\n`,
      'wrong.txt': 'not-it\n',
      'pw.sh': `#!/bin/sh\necho ${PASSWORD}\n`,
      'secrets.yml': encrypt(dir, 'db_pass: hunter2\nnested: { k: v }\n'),
      'blob.txt': encrypt(dir, 'secret file content\n'),
      'group_vars/all.yml': `api_token: ${encryptString(dir, 'api-token-123', '    ')}\n`,
      'play.yml.in': PLAY.replace('INLINE', encryptString(dir, 'inline-val', '      ')),
    };
  });

  const cases: [string, string[], number][] = [
    ['a password file', ['--vault-password-file', 'pw.txt'], 0],
    ['a password script', ['--vault-password-file', 'pw.sh'], 0],
    ['--vault-id label@file', ['--vault-id', 'dev@pw.txt'], 0],
    ['a wrong password (exit 1)', ['--vault-password-file', 'wrong.txt'], 1],
    ['no password (exit 1)', [], 1],
    ['a missing password file (exit 1)', ['--vault-password-file', 'nonexistent.txt'], 1],
  ];
  for (const [what, args, code] of cases) {
    it(
      what,
      async () => {
        const { 'play.yml.in': playbook, ...rest } = files;
        const r = await runBoth(fleet(), {
          playbook,
          files: rest,
          args,
          setup: (dir) => execFileSync('chmod', ['+x', path.join(dir, 'pw.sh')]),
        });
        expectSame(r);
        expect(r.ansible.code).toBe(code);
        if (code === 0) {
          expect(r.flotilla.stdout).toContain('hunter2 v api-token-123 inline-val');
          expect(r.flotilla.files['node001-blob']).toBe('0600 secret file content\n');
        }
        const error = (s: string) => s.split('\n').find((l) => l.startsWith('ERROR!'));
        expect(error(r.flotilla.stderr)).toBe(error(r.ansible.stderr));
      },
      SLOW,
    );
  }
});

/**
 * A `!vault` value no secret opens (no password, a wrong one, garbled vault text): the task
 * that uses it fails with Ansible's text (exit 2) and nothing is written; a value no task
 * uses does not fail the play (Ansible decrypts lazily).
 */
describe('same as ansible-playbook: a !vault value no secret opens', () => {
  const fleet = ownFleet(1);
  const play = (used: string, unused: string) => `- hosts: fleet
  gather_facts: false
  vars:
    used: ${used}
    unused: ${unused}
  tasks:
    - debug: msg="before"
    - copy: content="password={{ used }}" dest={{ root }}/{{ inventory_hostname }}-pw
    - debug: msg="after"
`;
  let good = '';
  let garbled = '';
  let dir = '';
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    dir = tempDir('flt-vault-sealed-');
    writeFileSync(path.join(dir, 'pw.txt'), `${PASSWORD}\n`);
    good = encryptString(dir, 'sealed-canary', '      ');
    // One hex digit of the body made a non-hex letter.
    garbled = good.replace(/\n(\s+)([0-9a-f])/, (_m, pad) => `\n${pad}z`);
  });

  const cases: [string, () => string, string[], number][] = [
    ['no password: the task using it fails (exit 2)', () => play(good, good), [], 2],
    [
      'a wrong password: the task fails (exit 2)',
      () => play(good, good),
      ['--vault-password-file', 'wrong.txt'],
      2,
    ],
    [
      'garbled vault text: the task fails (exit 2)',
      () => play(garbled, good),
      ['--vault-password-file', 'pw.txt'],
      2,
    ],
    ['an unused value no secret opens: the play runs (exit 0)', () => play('"plain"', good), [], 0],
  ];
  for (const [what, playbook, args, code] of cases) {
    it(
      what,
      async () => {
        const r = await runBoth(fleet(), {
          playbook: playbook(),
          hosts: 1,
          files: { 'pw.txt': `${PASSWORD}\n`, 'wrong.txt': 'not-it\n' },
          args,
        });
        expect(r.ansible.code).toBe(code);
        // The garbled case's message carries the value's position in Ansible: compare the rest.
        const noPosition = (s: string) => s.replace(/\\n\\nThe error appears to be in .*?"}/g, '"}');
        expect(noPosition(r.flotilla.stdout.replaceAll(/\/tmp\/flt-diff-\w+\/root-\w+/g, 'ROOT'))).toBe(
          noPosition(r.ansible.stdout.replaceAll(/\/tmp\/flt-diff-\w+\/root-\w+/g, 'ROOT')),
        );
        expect(r.flotilla.code).toBe(code);
        expect(JSON.stringify(r.flotilla.files)).not.toContain('ANSIBLE_VAULT');
      },
      SLOW,
    );
  }
});
