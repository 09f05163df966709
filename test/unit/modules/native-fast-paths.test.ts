import { describe, expect, it } from 'vitest';
import { parseSelections } from '../../../src/modules/debconf.js';
import { type IniParams, iniEdit } from '../../../src/modules/ini-file.js';
import { sysctlPlan } from '../../../src/modules/sysctl.js';
import { readLines } from '../../../src/modules/util/text-file.js';

const base: IniParams = {
  section: 's',
  option: 'o',
  values: ['v'],
  state: 'present',
  exclusive: true,
  noExtraSpaces: false,
  allowNoValue: false,
};
const edit = (text: string, p: Partial<IniParams>) => {
  const r = iniEdit(readLines(text), { ...base, ...p });
  return { ...r, text: r.lines.join('') };
};

describe('iniEdit (do_ini)', () => {
  it('adds a missing section at the end, and the option to an empty file', () => {
    expect(edit('', {})).toMatchObject({
      text: '\n[s]\no = v\n',
      changed: true,
      msg: 'section and option added',
    });
    expect(edit('[t]\na = 1\n', {})).toMatchObject({ text: '[t]\na = 1\n[s]\no = v\n' });
  });
  it('inserts after the last non-blank, non-comment line of the section', () => {
    expect(edit('[s]\na = 1\n\n# note\n[t]\n', {}).text).toBe('[s]\na = 1\no = v\n\n# note\n[t]\n');
  });
  it('replaces a commented option and drops the other occurrences (exclusive)', () => {
    const r = edit('[s]\n# o = old\no=a\n  o\t=\tb\n', { values: ['c'] });
    expect(r).toMatchObject({ text: '[s]\no = c\n', msg: 'option changed' });
  });
  it('keeps a matching value where it is, unchanged', () => {
    expect(edit('[s]\no = v\n', {})).toMatchObject({ changed: false, msg: 'OK' });
  });
  it('puts an option without a section before the first section', () => {
    expect(edit('a = 1\n[s]\n', { section: null }).text).toBe('a = 1\no = v\n[s]\n');
  });
  it('removes one value of several, and whole sections', () => {
    const text = '[s]\no = x\no = y\n[t]\nk = 1\n';
    expect(edit(text, { state: 'absent', exclusive: false, values: ['y'] }).text).toBe(
      '[s]\no = x\n[t]\nk = 1\n',
    );
    expect(edit(text, { state: 'absent', option: null, values: [] })).toMatchObject({
      text: '[t]\nk = 1\n',
      msg: 'section removed',
    });
  });
  it('marks a missing final newline as a change', () => {
    expect(edit('[s]\no = v', {})).toMatchObject({ text: '[s]\no = v\n', changed: true, msg: 'OK' });
  });
});

describe('parseSelections (debconf get_selections)', () => {
  it('strips the seen star and whitespace', () => {
    expect(parseSelections('* tzdata/Areas: Etc\n  tzdata/Zones/Etc: UTC\n  p/q:  a: b \n')).toEqual({
      'tzdata/Areas': 'Etc',
      'tzdata/Zones/Etc': 'UTC',
      'p/q': 'a: b',
    });
  });
});

describe('sysctlPlan (SysctlModule.process)', () => {
  const p = { name: 'vm.x', value: '1', state: 'present', reload: false, sysctlSet: false };
  it('rewrites the file keeping the first entry of each key, comments as they were', () => {
    const r = sysctlPlan('# c\n  vm.x = 5\nk=1\nvm.x=7\nk = 2\n', null, p);
    expect(r).toMatchObject({ changed: true, writeFile: true, text: '# c\nvm.x=1\nk=1\n' });
  });
  it('compares with the last entry of the key', () => {
    expect(sysctlPlan('vm.x = 5\nvm.x=1\n', null, p)).toMatchObject({ changed: false, writeFile: false });
  });
  it('with reload, an unchanged file still changes when the live value differs', () => {
    expect(sysctlPlan('vm.x=1\n', '2\n', { ...p, reload: true }).changed).toBe(true);
    expect(sysctlPlan('vm.x=1\n', '1\n', { ...p, reload: true }).changed).toBe(false);
  });
  it('sysctl_set sets the live value only when it differs', () => {
    expect(sysctlPlan('vm.x=1\n', '2\n', { ...p, sysctlSet: true })).toMatchObject({
      setProc: true,
      changed: true,
    });
    expect(sysctlPlan('vm.x=1\n', null, { ...p, sysctlSet: true })).toMatchObject({
      setProc: false,
      changed: true,
    });
  });
});
