/**
 * apt_repository's parsing, file naming and edits, against what apt_repository.py's
 * SourcesList returns for the same input (values taken from Ansible 2.14's module).
 */
import { describe, expect, it } from 'vitest';
import {
  dumpSources,
  parseSource,
  SourcesList,
  suggestFilename,
} from '../../../src/modules/apt-repository.js';
import { ModuleCrash } from '../../../src/modules/util/remote.js';

describe('apt_repository', () => {
  it('suggests the file name as _suggest_filename does', () => {
    expect(
      suggestFilename(
        'deb [arch=amd64 signed-by=/x.asc] https://u:p@download.example.com/linux/ubuntu jammy stable',
        null,
      ),
    ).toBe('download_example_com_linux_ubuntu.list');
    expect(suggestFilename('deb-src http://ftp.de.debian.org/debian/ bookworm main', null)).toBe(
      'ftp_de_debian_org_debian.list',
    );
    expect(suggestFilename('deb file:/srv/repo ./', null)).toBe('file_srv_repo.list');
    expect(suggestFilename('deb ñ://x.org/a b', null)).toBe('x_org_a.list');
    expect(suggestFilename('deb http://x y', 'mine')).toBe('mine.list');
    expect(() => suggestFilename('deb', 'mine')).toThrow(ModuleCrash);
  });

  it('parses lines as _parse does', () => {
    const p = (line: string) => Object.values(parseSource(line));
    expect(p('  #deb  http://x   y  # c ')).toEqual([true, false, 'deb http://x y', 'c']);
    expect(p('##deb x')).toEqual([false, false, '#deb x', '']);
    expect(p('deb http://x y#z')).toEqual([true, true, 'deb http://x y', 'z']);
    expect(p('# comment only')).toEqual([false, false, 'comment only', '']);
    expect(p('')).toEqual([false, true, '', '']);
    expect(p('#')).toEqual([false, false, '', '']);
    expect(p('rpm x')).toEqual([false, true, 'rpm x', '']);
  });

  it('dumps normalised lines, and removes as the module does (popping by line number)', () => {
    const text = '#deb  http://x y # c\n#\n\ndeb http://a b\r\ndeb http://a b\n';
    const list = new SourcesList('/etc/apt/sources.list', '/etc/apt/sources.list.d/', [['/f', text]]);
    expect(dumpSources(list.files.get('/f') ?? [])).toBe(
      '# deb http://x y # c\n# \n\ndeb http://a b\ndeb http://a b\n',
    );
    list.add('deb http://x y', null);
    list.remove('deb http://a b');
    // the second equal line moved up to the popped index: the iteration skips it
    expect(list.dump().get('/f')).toBe('deb http://x y # c\n# \n\ndeb http://a b\n');
    const gap = new SourcesList('/l', '/d', [['/f', 'deb a b\ndeb c d\ndeb a b\n']]);
    expect(() => gap.remove('deb a b')).toThrow(ModuleCrash);
    const added = new SourcesList('/l', '/d/', []);
    added.add('deb http://n m', null);
    expect([...added.dump()]).toEqual([['/d/n.list', 'deb http://n m\n']]);
  });
});
