import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nowDateTime, PyDateTime } from '../../../../src/template/plugins/filters/datetime.js';
import { vaultDecrypt } from '../../../../src/vault/format.js';
import { tempDir } from '../../../support/temp-dirs.js';
import { errorOf, makeValue } from '../helpers.js';

const value = makeValue();

// Expected values and messages were printed by ansible-playbook 2.14 on the same input.
describe('to_datetime', () => {
  it.each([
    ["{{ '2020-01-02 03:04:05' | to_datetime | string }}", '2020-01-02 03:04:05'],
    [
      "{{ '2020-01-02 03:04:05.5' | to_datetime('%Y-%m-%d %H:%M:%S.%f') | string }}",
      '2020-01-02 03:04:05.500000',
    ],
    ["{{ '02/Jan/20 3pm' | to_datetime('%d/%b/%y %I%p') | string }}", '2020-01-02 15:00:00'],
    [
      "{{ '2020-01-02T03:04:05+0200' | to_datetime('%Y-%m-%dT%H:%M:%S%z') | string }}",
      '2020-01-02 03:04:05+02:00',
    ],
    ["{{ '2020-1-2 3:4:5' | to_datetime | string }}", '2020-01-02 03:04:05'],
    ["{{ '2020-01-02   03:04:05' | to_datetime | string }}", '2020-01-02 03:04:05'],
    ["{{ '100' | to_datetime('%j') | string }}", '1900-04-10 00:00:00'],
    ["{{ ('2020-01-02 03:04:05' | to_datetime).strftime('%A %j') }}", 'Thursday 002'],
    ["{{ ('2020-01-02 03:04:05' | to_datetime).weekday() }}", 3],
    ["{{ ('2020-01-02 03:04:05' | to_datetime).isoformat() }}", '2020-01-02T03:04:05'],
    ["{{ ('2020-01-02 03:04:05' | to_datetime).year }}", 2020],
  ])('%s', (template, expected) => {
    expect(value(template)).toEqual(expected);
  });

  it.each([
    ["{{ '2020-01-02' | to_datetime }}", "time data '2020-01-02' does not match format '%Y-%m-%d %H:%M:%S'"],
    ["{{ '2020-02-30 00:00:00' | to_datetime }}", 'day is out of range for month'],
    ["{{ '2020-01-02 03:04:05x' | to_datetime }}", 'unconverted data remains: x'],
  ])("%s fails with Python's ValueError text", (template, message) => {
    const err = errorOf(() => value(template));
    expect(err.code).toBe('FLT_TEMPLATE_VALUE');
    expect(err.message).toBe(message);
  });

  it('has Python reprs and type names for the engine to show', () => {
    expect(new PyDateTime(2020, 1, 2, 15, 0).pyRepr()).toBe('datetime.datetime(2020, 1, 2, 15, 0)');
    expect(new PyDateTime(2020, 1, 2, 3, 4, 5, 500000).pyRepr()).toBe(
      'datetime.datetime(2020, 1, 2, 3, 4, 5, 500000)',
    );
    expect(new PyDateTime(2020, 1, 2, 3, 4, 5, 0, 120).pyRepr()).toBe(
      'datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(seconds=7200)))',
    );
    expect(new PyDateTime(2020, 1, 2, 3, 4, 5, 0, 0).pyRepr()).toBe(
      'datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)',
    );
    const delta = new PyDateTime(2020, 1, 2, 3, 4, 5).__sub__(new PyDateTime(2020, 1, 3, 3, 4, 0));
    expect(delta?.pyRepr()).toBe('datetime.timedelta(days=-1, seconds=5)');
    expect(delta?.pyTypeName).toBe('timedelta');
  });

  it('now() as a datetime: local or UTC wall clock, microseconds from milliseconds', () => {
    const at = new Date(Date.UTC(2021, 5, 7, 8, 9, 10, 123));
    expect(String(nowDateTime(true, at))).toBe('2021-06-07 08:09:10.123000');
  });

  it('subtracts to a timedelta printed as Python does', () => {
    const a = new PyDateTime(2020, 1, 2, 3, 4, 5);
    const b = new PyDateTime(2020, 1, 3, 3, 4, 0);
    expect(String(a.__sub__(b))).toBe('-1 day, 0:00:05');
    const c = new PyDateTime(2019, 12, 2, 3, 4, 0);
    const delta = a.__sub__(c);
    expect(String(delta)).toBe('31 days, 0:00:05');
    expect(delta?.days).toBe(31);
    expect(Number(delta?.total_seconds())).toBe(2678405);
  });
});

describe('vault and unvault', () => {
  // ansible-playbook: "{{ 'secret data' | vault('pw', salt='saltsalt') }}"
  const VAULTED =
    '$ANSIBLE_VAULT;1.2;AES256;filter_default\n' +
    '373336313663373437333631366337340a6463633863373162326331353639666138613130313031\n' +
    '62636563383938323761373534346236613163333335363236356266343334666334393265346436\n' +
    '660a3137626335366563323039376331383634653262633137663939653239353165\n';

  it('encrypts exactly as Ansible with a fixed salt, 1.1 for the default vault id', () => {
    expect(value("{{ 'secret data' | vault('pw', salt='saltsalt') }}")).toBe(VAULTED);
    expect(value("{{ 'secret data' | vault('pw', salt='saltsalt', vaultid='default') }}")).toBe(
      VAULTED.replace(';1.2;AES256;filter_default', ';1.1;AES256'),
    );
  });

  it("decrypts its own output and Ansible's; plain text passes through", () => {
    expect(value("{{ 'é data' | vault('pw') | unvault('pw') }}")).toBe('é data');
    expect(value("{{ v | unvault('pw') }}", { v: VAULTED })).toBe('secret data');
    expect(value("{{ 'plain' | unvault('pw') }}")).toBe('plain');
    expect(vaultDecrypt(VAULTED, 'wrong')).toBeNull();
  });

  it.each([
    [
      "{{ v | unvault('wrong') }}",
      'Unable to decrypt: Decryption failed (no vault secrets were found that could decrypt). Decryption failed (no vault secrets were found that could decrypt)',
    ],
    ["{{ 5 | vault('pw') }}", "Can only vault strings, instead we got: <class 'int'>"],
    ["{{ 'x' | vault(5) }}", "Secret passed is required to be a string, instead we got: <class 'int'>"],
    [
      "{{ 'x' | vault('pw', salt='') }}",
      'Unable to encrypt: Empty or invalid salt passed to encrypt(). Empty or invalid salt passed to encrypt()',
    ],
  ])('%s fails', (template, message) => {
    expect(errorOf(() => value(template, { v: VAULTED })).message).toContain(message);
  });
});

describe('subelements, rekey_on_member, win paths, fileglob, random_mac', () => {
  const users = [
    { name: 'alice', groups: ['wheel', 'dev'], auth: { keys: ['k1'] } },
    { name: 'bob', groups: [] },
  ];

  it.each([
    ["{{ users | subelements('groups') | map('last') | list }}", ['wheel', 'dev']],
    ["{{ users | subelements('auth.keys', skip_missing=true) | map('last') | list }}", ['k1']],
    ["{{ users | rekey_on_member('name') | list }}", ['alice', 'bob']],
    ["{{ 'C:\\\\Users\\\\me\\\\file.txt' | win_basename }}", 'file.txt'],
    ["{{ 'C:\\\\Users\\\\me\\\\file.txt' | win_dirname }}", 'C:\\Users\\me'],
    ["{{ 'C:\\\\Users\\\\me\\\\file.txt' | win_splitdrive | list }}", ['C:', '\\Users\\me\\file.txt']],
    ["{{ '\\\\\\\\srv\\\\share\\\\x' | win_splitdrive | list }}", ['\\\\srv\\share', '\\x']],
    ["{{ '52:54:00' | random_mac(seed='host1') }}", '52:54:00:4f:7c:77'],
    ["{{ '52' | random_mac(seed=42) }}", '52:2c:a3:b1:79:9d'],
  ])('%s', (template, expected) => {
    expect(value(template, { users })).toEqual(expected);
  });

  it.each([
    [
      "{{ users | subelements('auth.keys') }}",
      "could not find 'auth' key in iterated item {'name': 'bob', 'groups': []}",
    ],
    [
      "{{ [{'n': 'a'}, {'n': 'a'}] | rekey_on_member('n') }}",
      'Key a is not unique, cannot correctly turn into dict',
    ],
    ["{{ 'zz:' | random_mac }}", 'Invalid value (zz:) for random_mac: zz not hexa byte,empty item'],
  ])('%s fails', (template, message) => {
    expect(errorOf(() => value(template, { users })).message).toBe(message);
  });

  it('fileglob lists regular files only, skipping hidden names', () => {
    const dir = tempDir('flt-glob-');
    writeFileSync(path.join(dir, 'a.txt'), 'a');
    writeFileSync(path.join(dir, '.h.txt'), 'h');
    mkdirSync(path.join(dir, 'd.txt'));
    symlinkSync(path.join(dir, 'a.txt'), path.join(dir, 'l.txt'));
    const found = value("{{ (dir ~ '/*.txt') | fileglob | map('basename') | sort }}", { dir });
    expect(found).toEqual(['a.txt', 'l.txt']);
  });
});
