import { describe, expect, it } from 'vitest';
import type { Transport } from '../../../src/connection/transport.js';
import type { ModuleContext } from '../../../src/modules/types.js';
import {
  escapeDecode,
  filesInArchive,
  isUnarchived,
  unarchiveModule,
} from '../../../src/modules/unarchive.js';
import { NativeUnsupported } from '../../../src/modules/util/remote.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cap = (name: string, rc: number, out = '', err = '') => `@cap ${name} ${rc} ${b64(out)} ${b64(err)}`;
/** statLines' answer for a path: hex mode, uid, gid, names, size, times, inode, links, ... */
const stat = (hexMode: string, size = 4096) =>
  `${hexMode}\t0\t0\troot\troot\t${size}\t1.0\t1.0\t1.0\t1\t2\t1\t8\t4096\t0\t0\nrwx\n\n\n`;
const DIR = stat('41ed');

/** A host whose round trips answer in turn; `sent` keeps each script. */
function host(answers: string[], check = false) {
  const sent: string[] = [];
  const transport = {
    key: 'fake',
    exec: async (command: string, options?: { stdin?: unknown }) => {
      sent.push(options?.stdin ? String(options.stdin) : command);
      return { rc: 0, stdout: `${answers.shift() ?? ''}\n`, stderr: '' };
    },
  } as unknown as Transport;
  return { sent, ctx: { transport, host: 'h', check, diff: false } as unknown as ModuleContext };
}

const ARGS = {
  src: '/s.tgz',
  dest: '/d',
  remote_src: true,
  list_files: false,
  keep_newer: false,
  exclude: [],
  include: [],
  extra_opts: [],
};
const PROBE = [
  '@k uid 0',
  '@k unzip /usr/bin/unzip',
  '@k zipinfo /usr/bin/zipinfo',
  cap('unzip', 9, '', 'not a zipfile\n'),
  '@k tar /usr/bin/tar',
  cap('version', 0, 'tar (GNU tar) 1.34\n'),
  cap('list0', 0, 'site/\nsite/a\n'),
];
const round1 = (diffOut: string) =>
  [...PROBE, cap('diff', diffOut ? 1 : 0, diffOut), '__flotilla_dest__', DIR].join('\n');
const PATH_INFO = {
  uid: 0,
  gid: 0,
  owner: 'root',
  group: 'root',
  mode: '0755',
  state: 'directory',
  size: 4096,
};

describe('unarchive round trips', () => {
  it('one when the archive is already there', async () => {
    const h = host([round1('')]);
    expect(await unarchiveModule.run({ ...ARGS, list_files: true }, h.ctx)).toEqual({
      handler: 'TgzArchive',
      dest: '/d',
      src: '/s.tgz',
      changed: false,
      files: ['site/', 'site/a'],
      ...PATH_INFO,
    });
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toContain(`cap diff lg "$T" --diff -C /d -z -f /s.tgz`);
  });

  it('two when it extracts: the command line Ansible builds, in extract_results', async () => {
    const h = host([
      round1('site/a: Mod time differs\n'),
      [cap('extract', 0), '__flotilla_dest__', DIR].join('\n'),
    ]);
    const r = await unarchiveModule.run(
      { ...ARGS, extra_opts: ['--strip-components=1'], keep_newer: true },
      h.ctx,
    );
    expect(r.changed).toBe(true);
    expect(r.extract_results).toEqual({
      cmd: [
        '/usr/bin/tar',
        '--extract',
        '-C',
        '/d',
        '-z',
        '--show-transformed-names',
        '--strip-components=1',
        '--keep-newer-files',
        '-f',
        '/s.tgz',
      ],
      rc: 0,
      out: '',
      err: '',
    });
    expect(h.sent).toHaveLength(2);
  });

  it('three when mode differs on an extracted file (each listed name, then its top folder)', async () => {
    const files = ['__flotilla_file__', DIR, '__flotilla_file__', stat('81a4', 2), '__flotilla_file__', DIR];
    const h = host([
      round1('site/a: Warning: Cannot stat: No such file or directory\n'),
      [cap('extract', 0), ...files, '__flotilla_dest__', DIR].join('\n'),
      DIR,
    ]);
    const r = await unarchiveModule.run({ ...ARGS, mode: '0755' }, h.ctx);
    expect(r.changed).toBe(true);
    expect(h.sent).toHaveLength(3);
    expect(h.sent[2]).toContain('chmod -- 755 /d/site/a');
    expect(h.sent[2]).not.toContain('/d/site/ ');
  });

  it("a zip archive goes to Ansible's module after the first round trip", async () => {
    const h = host([
      ['@k uid 0', '@k unzip /usr/bin/unzip', '@k zipinfo /usr/bin/zipinfo', '@k zip 1'].join('\n'),
    ]);
    await expect(unarchiveModule.run(ARGS, h.ctx)).rejects.toBeInstanceOf(NativeUnsupported);
    expect(h.sent).toHaveLength(1);
  });

  it("an archive tar lists no names in: each handler's reason, then the failure", async () => {
    const empty = [0, 1, 2, 3, 4].map((i) => cap(`list${i}`, 0));
    const h = host([[...PROBE.slice(0, 6), ...empty, '__flotilla_dest__', DIR].join('\n')]);
    const err = await unarchiveModule.run(ARGS, h.ctx).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'Failed to find handler for "/s.tgz". Make sure the required command to extract the file is installed.\n' +
        'Command "/usr/bin/unzip" could not handle archive: not a zipfile\n\n' +
        'Command "/usr/bin/tar" found no files in archive. Empty archive files are not supported.',
    );
  });

  it('check mode: skipped as TgzArchive skips it', async () => {
    const h = host([['@k uid 0', '@k unzip ', '@k zipinfo '].join('\n')], true);
    expect(await unarchiveModule.run(ARGS, h.ctx)).toEqual({
      skipped: true,
      msg: 'remote module (ansible.legacy.unarchive) does not support check mode when using gtar',
    });
  });
});

describe('tar output parsing', () => {
  it('is_unarchived: owner and group differences count only for root, mode only when not given', () => {
    const diff = (stdout: string) => ({ rc: 1, stdout, stderr: '' });
    expect(isUnarchived(diff('a: Uid differs\n'), 1000, {}, false)).toBe(true);
    expect(isUnarchived(diff('a: Uid differs\n'), 0, {}, false)).toBe(false);
    expect(isUnarchived(diff('a: Uid differs\n'), 0, { owner: 'bob' }, false)).toBe(true);
    expect(isUnarchived(diff('a: Mode differs\n'), 1000, {}, true)).toBe(true);
    expect(isUnarchived(diff('a: Mode differs\n'), 1000, {}, false)).toBe(false);
    expect(isUnarchived(diff('a: Size differs\n'), 0, {}, false)).toBe(true);
    expect(isUnarchived(diff(': : Warning: Cannot stat: No such file or directory\n'), 0, {}, false)).toBe(
      true,
    );
  });

  it('files_in_archive: escapes decoded, leading / dropped, excludes matched with fnmatch', () => {
    expect(escapeDecode('caf\\303\\251 a\\\\b')).toBe('café a\\b');
    expect(filesInArchive('/etc/x\nsite/\nsite/skip.txt\nsite/a.log\n', ['site/*.log'])).toEqual([
      'etc/x',
      'site/',
      'site/skip.txt',
    ]);
  });
});
