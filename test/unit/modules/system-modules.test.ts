import { describe, expect, it } from 'vitest';
import { getfqdn } from '../../../src/modules/hostname.js';
import { escapeFstab, setMount, unsetMount } from '../../../src/modules/mount.js';
import { pyStrip, pyWords } from '../../../src/python/whitespace.js';

const entry = { name: '/srv/a', src: '/dev/a', fstype: 'ext4', opts: 'defaults', dump: '0', passno: '0' };

describe('mount fstab edits (_set_mount_save_old, unset_mount)', () => {
  it('escapes spaces, ampersands and backslashes as octal', () => {
    expect(escapeFstab('/a b&c\\d')).toBe('/a\\040b\\046c\\134d');
  });

  it('appends a missing entry, adding the newline the last line lacks', () => {
    expect(setMount('# c\n/dev/x /x ext4 defaults 0 0', entry)).toEqual({
      changed: true,
      text: '# c\n/dev/x /x ext4 defaults 0 0\n/dev/a /srv/a ext4 defaults 0 0\n',
    });
  });

  it('leaves an equal entry as written, and rewrites a four-field one (its 0s are ints)', () => {
    expect(setMount('/dev/a\t/srv/a  ext4 defaults 0 0\r\n', entry)).toEqual({
      changed: false,
      text: '/dev/a\t/srv/a  ext4 defaults 0 0\n',
    });
    expect(setMount('/dev/a /srv/a ext4 defaults\n', entry).text).toBe('/dev/a /srv/a ext4 defaults 0 0\n');
  });

  it('matches swap entries by their src too', () => {
    const swap = { ...entry, name: 'none', src: '/dev/b', fstype: 'swap', opts: 'sw' };
    expect(setMount('/dev/a none swap sw 0 0\n', swap).text).toBe(
      '/dev/a none swap sw 0 0\n/dev/b none swap sw 0 0\n',
    );
  });

  it('removes only six-field entries', () => {
    expect(
      unsetMount(
        '/dev/a /srv/a ext4 defaults\n/dev/a /srv/a ext4 defaults 0 0\n# /srv/a\n',
        '/srv/a',
        undefined,
      ),
    ).toEqual({
      changed: true,
      text: '/dev/a /srv/a ext4 defaults\n# /srv/a\n',
    });
    expect(unsetMount('/dev/a /srv/b ext4 defaults 0 0', '/srv/a', undefined).changed).toBe(false);
  });
});

describe("Python's whitespace", () => {
  it('strips and splits on what str.isspace() takes, not on a BOM', () => {
    expect(pyWords('\x1ca\u00a0b\u3000 c \ufeffd')).toEqual(['a', 'b', 'c', '\ufeffd']);
    expect(pyStrip('\x85 x \x1f')).toBe('x');
  });
});

describe("hostname's socket.getfqdn()", () => {
  it("takes the reverse lookup's first name with a dot, else its canonical name, else the host's", () => {
    expect(getfqdn('vm', '127.0.1.1       vm.example.org vm\n')).toBe('vm.example.org');
    expect(getfqdn('vm', '127.0.0.1       localhost vm\n')).toBe('localhost');
    expect(getfqdn('vm', '::1 localhost ip6-localhost a.b\n')).toBe('a.b');
    expect(getfqdn('vm', '')).toBe('vm');
  });
});
