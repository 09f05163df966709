/** --become-password-file as ansible-playbook reads it (cli/__init__.py get_password_from_file). */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPasswordFile } from '../../../src/cli/become-password.js';
import { tempDir } from '../../support/temp-dirs.js';

const dir = tempDir('flotilla-become-pwfile-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, mode = 0o600): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
}

describe('readPasswordFile', () => {
  it('strips the trailing newline and surrounding whitespace of a plain file', () => {
    expect(readPasswordFile(file('plain', 'pa ss\n'))).toBe('pa ss');
    expect(readPasswordFile(file('crlf', '  pass\r\n\n'))).toBe('pass');
  });

  it('runs an executable file and takes its stdout without line ends', () => {
    expect(readPasswordFile(file('script', '#!/bin/sh\necho " from script"\n', 0o700))).toBe(' from script');
  });

  it("fails with Ansible's messages for a missing, empty or failing file", () => {
    const missing = path.join(dir, 'nope');
    expect(() => readPasswordFile(missing)).toThrow(`The password file ${missing} was not found`);
    const empty = file('empty', '\n\n');
    expect(() => readPasswordFile(empty)).toThrow(`Empty password was provided from file (${empty})`);
    const failing = file('failing', '#!/bin/sh\necho oops >&2\nexit 3\n', 0o700);
    expect(() => readPasswordFile(failing)).toThrow(
      `The password script ${failing} returned an error (rc=3): oops\n`,
    );
  });
});
