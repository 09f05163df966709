import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dirs.js';
import { errorOf, makeValue } from './helpers.js';

const value = makeValue();

// Expected values were printed by ansible-playbook 2.14 on the same input.
describe('Ansible and Jinja tests added for parity', () => {
  const url = 'http://user:pw@www.Example.com:9000/dir/index.html?q=term#frag';

  it.each([
    ['{{ [1, 0] is any }}', true],
    ['{{ [0, 0] is any }}', false],
    ['{{ [] is all }}', true],
    ["{{ [1, ''] is all }}", false],
    ["{{ 'ab' is any }}", true],
    ["{{ 'to_json' is filter }}", true],
    ["{{ 'upper' is filter }}", true],
    ["{{ 'ansible.builtin.to_json' is filter }}", true],
    ["{{ 'random_mac' is filter }}", true],
    ["{{ 'defined' is test }}", true],
    ["{{ 'any' is test }}", true],
    ["{{ 'x' is escaped }}", false],
    ["{{ 'x' is vault_encrypted }}", false],
    ['{{ 3 is greaterthan 2 }}', true],
    ['{{ 3 is lessthan 2 }}', false],
    ["{{ '/etc/hostname' is same_file('/etc/hostname') }}", true],
    ["{{ '/' is mount }}", true],
    ["{{ '/etc' is mount }}", false],
    ["{{ '/proc' is is_mount }}", true],
    ['{{ (0.0 | float) is nan }}', false],
    ["{{ ('nan' | float) is nan }}", true],
    ["{{ 'x' is nan }}", false],
    ['{{ none is isnan }}', false],
    ["{{ '/nope' is link_exists }}", false],
    ["{{ '/etc' is is_dir }}", true],
    ["{{ '/etc/hostname' is is_file }}", true],
    ["{{ '/etc' is is_link }}", false],
    ["{{ '/etc' is is_abs }}", true],
    ['{{ [1] is issubset([1, 2]) }}', true],
    ['{{ [1, 2] is issuperset([1]) }}', true],
    ["{{ {'failed': false} is successful }}", true],
    ["{{ {'failed': true} is successful }}", false],
    ['{{ url is uri }}', true],
    ['{{ url is url }}', true],
    ["{{ 'urn:isbn:0451450523' is urn }}", true],
    ["{{ 'urn:isbn:0451450523' is url }}", false],
    ["{{ 'foo' is uri }}", true],
    ["{{ 'ftp://x' is uri(['http']) }}", false],
    ["{{ {'finished': 1} is finished }}", true],
    ["{{ {'finished': 0} is finished }}", false],
    ['{{ {} is started }}', true],
  ])('%s', (template, expected) => {
    expect(value(template, { url })).toBe(expected);
  });

  it('vault_encrypted: vault text (how a !vault value is kept) is, other strings are not', () => {
    // ansible-playbook: a `!vault |` var is vault_encrypted, 'x' is not.
    const sec =
      '$ANSIBLE_VAULT;1.1;AES256\n' +
      '373336313663373437333631366337340a6463633863373162326331353639666138613130313031\n' +
      '660a3137626335366563323039376331383634653262633137663939653239353165\n';
    expect(value('{{ sec is vault_encrypted }}', { sec })).toBe(true);
    expect(value("{{ 'x' is vault_encrypted }}")).toBe(false);
    expect(value('{{ 5 is vault_encrypted }}')).toBe(false);
  });

  it('link_exists and is_link see a dangling symlink', () => {
    const dir = tempDir('flt-tests-');
    const link = path.join(dir, 'dangling');
    symlinkSync(path.join(dir, 'missing'), link);
    expect(value('{{ p is link_exists }}', { p: link })).toBe(true);
    expect(value('{{ p is exists }}', { p: link })).toBe(false);
    expect(value('{{ p is is_link }}', { p: link })).toBe(true);
  });

  it.each([
    ['{{ 5 is any }}', "'int' object is not iterable"],
    ['{{ [] is successful }}', "The 'failed' test expects a dictionary"],
    ['{{ [] is reachable }}', "The 'unreachable' test expects a dictionary"],
    [
      "{{ '/nope' is same_file('/etc/hostname') }}",
      "FileNotFoundError: [Errno 2] No such file or directory: '/nope'",
    ],
    ['{{ 5 is filter }}', "key must be a string, got <class 'int'> instead"],
  ])('%s fails', (template, message) => {
    expect(errorOf(() => value(template)).message).toContain(message);
  });
});
