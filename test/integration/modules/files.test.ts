import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Templar } from '../../../src/template/index.js';
import { type Harness, startHarness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(2);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** The controller temp file Ansible's diff header names (util/local-temp.ts). */
const LOCAL_TMP = /^\/\S+\/ansible-local-\d+[a-z0-9_]{8}\/tmp[a-z0-9_]{8}/;

const modeOf = (p: string) => (statSync(p).mode & 0o7777).toString(8);

describe('copy', () => {
  it('content: changes, then idempotent; check mode writes nothing; diff', async () => {
    const dest = `${h.tempDir()}/a.txt`;
    const check = await h.run('copy', { content: 'hi\n', dest }, { check: true, diff: true });
    expect(check.changed).toBe(true);
    // the copy action's diff is a list (one entry per file)
    expect(check.diff).toMatchObject([
      { before: '', after: 'hi\n', after_header: expect.stringMatching(LOCAL_TMP) },
    ]);
    expect(existsSync(dest)).toBe(false);
    const first = await h.run('copy', { content: 'hi\n', dest, mode: '0640' });
    expect(first).toMatchObject({
      changed: true,
      dest,
      state: 'file',
      mode: '0640',
      size: 3,
      checksum: '55ca6286e3e4f4fba5d0448333fa99fc5a404a73',
    });
    expect(readFileSync(dest, 'utf8')).toBe('hi\n');
    expect(modeOf(dest)).toBe('640');
    const second = await h.run('copy', { content: 'hi\n', dest, mode: '0640' });
    expect(second.changed).toBe(false);
    // Ansible's unchanged copy answers with `path` and without src/md5sum.
    expect(second).toMatchObject({ path: dest, dest, state: 'file', mode: '0640' });
    expect(second).not.toHaveProperty('md5sum');
    const diff = await h.run('copy', { content: 'bye\n', dest, backup: true }, { diff: true });
    expect(diff.changed).toBe(true);
    expect(diff.diff).toMatchObject([{ before: 'hi\n', after: 'bye\n', before_header: dest }]);
    // Ansible's backup name: path.PID.YYYY-MM-DD@HH:MM:SS~
    expect(String(diff.backup_file)).toMatch(/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    expect(readFileSync(String(diff.backup_file), 'utf8')).toBe('hi\n');
    expect(modeOf(dest)).toBe('640'); // the replacement keeps the old mode
  });

  it('symbolic mode only changes attributes, idempotently', async () => {
    const dest = `${h.tempDir()}/m.txt`;
    await h.run('copy', { content: 'x', dest, mode: '0600' });
    const r = await h.run('copy', { content: 'x', dest, mode: 'g+r,o=r' });
    expect(r).toMatchObject({ changed: true, mode: '0644' });
    expect((await h.run('copy', { content: 'x', dest, mode: 'g+r,o=r' })).changed).toBe(false);
  });

  it('src file into a dest directory (trailing slash), and a directory tree', async () => {
    const local = h.tempDir();
    writeFileSync(`${local}/f.txt`, 'file\n');
    mkdirSync(`${local}/tree/sub`, { recursive: true });
    writeFileSync(`${local}/tree/one`, '1');
    writeFileSync(`${local}/tree/sub/two`, '2');
    const remote = h.tempDir();
    const r = await h.run('copy', { src: `${local}/f.txt`, dest: `${remote}/new/` });
    expect(r).toMatchObject({ changed: true, dest: `${remote}/new/f.txt` });
    expect(readFileSync(`${remote}/new/f.txt`, 'utf8')).toBe('file\n');
    const contents = await h.run('copy', { src: `${local}/tree/`, dest: `${remote}/c` });
    expect(contents.changed).toBe(true);
    expect(readFileSync(`${remote}/c/sub/two`, 'utf8')).toBe('2');
    const itself = await h.run('copy', { src: `${local}/tree`, dest: `${remote}/d` });
    expect(itself.changed).toBe(true);
    expect(readFileSync(`${remote}/d/tree/one`, 'utf8')).toBe('1');
    expect((await h.run('copy', { src: `${local}/tree`, dest: `${remote}/d` })).changed).toBe(false);
  });

  it('force=no leaves an existing file alone; content into a directory fails', async () => {
    const dir = h.tempDir();
    writeFileSync(`${dir}/keep`, 'old');
    expect((await h.run('copy', { content: 'new', dest: `${dir}/keep`, force: false })).changed).toBe(false);
    expect(readFileSync(`${dir}/keep`, 'utf8')).toBe('old');
    expect(await h.run('copy', { content: 'x', dest: dir })).toMatchObject({
      failed: true,
      msg: 'can not use content with a dir as dest',
    });
  });
});

describe('template', () => {
  it('writes what the engine renders', async () => {
    const dir = h.tempDir();
    const dest = `${dir}/t.conf`;
    // the action finds the template on the controller first; the engine renders it
    const src = `${dir}/x.j2`;
    writeFileSync(src, 'unused');
    const render = async (p: string) => `rendered ${p.endsWith('x.j2')}\n`;
    const first = await h.run('template', { src, dest }, { renderTemplateFile: render, diff: true });
    expect(first.changed).toBe(true);
    // Ansible's header names its rendered temp file: mkdtemp's dir, then the template's name
    expect(first.diff).toMatchObject([
      {
        after: 'rendered true\n',
        after_header: expect.stringMatching(new RegExp(`${LOCAL_TMP.source}/x\\.j2$`)),
      },
    ]);
    expect(readFileSync(dest, 'utf8')).toBe('rendered true\n');
    expect((await h.run('template', { src, dest }, { renderTemplateFile: render })).changed).toBe(false);
  });
});

describe('copy in check mode', () => {
  it('predicts a change even when the destination directory does not exist yet (as Ansible)', async () => {
    const dest = `${h.tempDir()}/not-yet/c.txt`;
    const r = await h.run('copy', { content: 'a\n', dest }, { check: true });
    expect(r).toMatchObject({ changed: true });
    expect(r.failed).toBeFalsy();
    expect(existsSync(dest)).toBe(false);
    const real = await h.run('copy', { content: 'a\n', dest });
    expect(real).toMatchObject({
      failed: true,
      msg: `Destination directory ${dest.slice(0, -6)} does not exist`,
    });
  });
});

describe('template errors', () => {
  it('an undefined variable fails as Ansible reports it, with the exception line, writing nothing', async () => {
    const dir = h.tempDir();
    const src = `${dir}/u.j2`;
    writeFileSync(src, 'x={{ y.z }}\n');
    const templar = new Templar();
    const render = async (p: string) => templar.renderString(readFileSync(p, 'utf8'), {});
    const r = await h.run('template', { src, dest: `${dir}/out` }, { renderTemplateFile: render });
    expect(r).toMatchObject({
      changed: false,
      failed: true,
      msg: "AnsibleUndefinedVariable: 'y' is undefined. 'y' is undefined",
    });
    expect(String(r.exception).trim().split('\n').at(-1)).toBe(
      "ansible.errors.AnsibleUndefinedVariable: 'y' is undefined. 'y' is undefined",
    );
    expect(existsSync(`${dir}/out`)).toBe(false);
  });
});

describe('file', () => {
  it('directory / touch / absent with diff and idempotency', async () => {
    const dir = `${h.tempDir()}/a/b`;
    const check = await h.run('file', { path: dir, state: 'directory' }, { check: true, diff: true });
    expect(check).toMatchObject({
      changed: true,
      diff: { before: { path: dir, state: 'absent' }, after: { path: dir, state: 'directory' } },
    });
    expect(existsSync(dir)).toBe(false);
    const made = await h.run('file', { path: dir, state: 'directory', mode: '0750' });
    expect(made).toMatchObject({ changed: true, path: dir, state: 'directory', mode: '0750' });
    expect((await h.run('file', { path: dir, state: 'directory', mode: '0750' })).changed).toBe(false);
    const touched = await h.run('file', { path: `${dir}/t`, state: 'touch' });
    expect(touched).toMatchObject({ changed: true, state: 'file' });
    const gone = await h.run('file', { path: dir, state: 'absent' }, { diff: true });
    expect(gone).toMatchObject({
      changed: true,
      state: 'absent',
      diff: { before: { state: 'directory' }, after: { state: 'absent' } },
    });
    expect(existsSync(dir)).toBe(false);
    expect((await h.run('file', { path: dir, state: 'absent' })).changed).toBe(false);
  });

  it('state=file fails on a missing path and changes modes', async () => {
    const dir = h.tempDir();
    expect(await h.run('file', { path: `${dir}/nope`, state: 'file' })).toMatchObject({
      failed: true,
      msg: `file (${dir}/nope) is absent, cannot continue`,
    });
    writeFileSync(`${dir}/f`, '');
    const r = await h.run('file', { path: `${dir}/f`, mode: 'u=rwx,go=' }, { diff: true });
    expect(r).toMatchObject({ changed: true, mode: '0700', diff: { after: { mode: '0700' } } });
    expect((await h.run('file', { path: `${dir}/f`, mode: '0700' })).changed).toBe(false);
  });

  it('links: symlink and hard link, idempotent, refuses to replace a file', async () => {
    const dir = h.tempDir();
    writeFileSync(`${dir}/src`, 'data');
    const link = await h.run('file', { path: `${dir}/ln`, src: `${dir}/src`, state: 'link' });
    expect(link).toMatchObject({ changed: true, dest: `${dir}/ln`, src: `${dir}/src`, state: 'link' });
    expect(readlinkSync(`${dir}/ln`)).toBe(`${dir}/src`);
    expect((await h.run('file', { path: `${dir}/ln`, src: `${dir}/src`, state: 'link' })).changed).toBe(
      false,
    );
    const hard = await h.run('file', { path: `${dir}/hl`, src: `${dir}/src`, state: 'hard' });
    expect(hard.changed).toBe(true);
    expect(lstatSync(`${dir}/hl`).ino).toBe(lstatSync(`${dir}/src`).ino);
    expect((await h.run('file', { path: `${dir}/hl`, src: `${dir}/src`, state: 'hard' })).changed).toBe(
      false,
    );
    writeFileSync(`${dir}/plain`, 'p');
    expect(await h.run('file', { path: `${dir}/plain`, src: `${dir}/src`, state: 'link' })).toMatchObject({
      failed: true,
      msg: `refusing to convert from file to symlink for ${dir}/plain`,
    });
  });

  it('recurse applies a mode below a directory, then is idempotent', async () => {
    const dir = h.tempDir();
    mkdirSync(`${dir}/x/y`, { recursive: true });
    writeFileSync(`${dir}/x/y/f`, '');
    const r = await h.run('file', { path: `${dir}/x`, state: 'directory', mode: '0755', recurse: true });
    expect(r.changed).toBe(true);
    expect(modeOf(`${dir}/x/y/f`)).toBe('755');
    expect(
      (await h.run('file', { path: `${dir}/x`, state: 'directory', mode: '0755', recurse: true })).changed,
    ).toBe(false);
  });
});

describe('lineinfile / blockinfile / replace', () => {
  it('lineinfile adds, replaces with regexp, removes; idempotent; check; diff', async () => {
    const path = `${h.tempDir()}/conf`;
    writeFileSync(path, 'a=1\nb=2\n');
    const check = await h.run('lineinfile', { path, line: 'c=3' }, { check: true, diff: true });
    expect(check).toMatchObject({ changed: true, msg: 'line added' });
    expect((check.diff as { after: string }[])[0].after).toBe('a=1\nb=2\nc=3\n');
    expect(readFileSync(path, 'utf8')).toBe('a=1\nb=2\n');
    expect(await h.run('lineinfile', { path, line: 'c=3' })).toMatchObject({
      changed: true,
      msg: 'line added',
    });
    expect((await h.run('lineinfile', { path, line: 'c=3' })).changed).toBe(false);
    expect(await h.run('lineinfile', { path, regexp: '^b=', line: 'b=20' })).toMatchObject({
      changed: true,
      msg: 'line replaced',
    });
    expect((await h.run('lineinfile', { path, regexp: '^b=', line: 'b=20' })).changed).toBe(false);
    expect(await h.run('lineinfile', { path, line: 'first', insertbefore: 'BOF' })).toMatchObject({
      changed: true,
    });
    expect(
      await h.run('lineinfile', { path, regexp: '^(a)=1$', line: '\\1=one', backrefs: true }),
    ).toMatchObject({ changed: true });
    expect(await h.run('lineinfile', { path, regexp: '^c=', state: 'absent' })).toMatchObject({
      changed: true,
      found: 1,
      msg: '1 line(s) removed',
    });
    expect(readFileSync(path, 'utf8')).toBe('first\na=one\nb=20\n');
    expect(await h.run('lineinfile', { path: `${path}.missing`, line: 'x' })).toMatchObject({
      failed: true,
      rc: 257,
      msg: `Destination ${path}.missing does not exist !`,
    });
    expect(
      await h.run('lineinfile', { path: `${path}.new`, line: 'x', create: true, mode: '0600' }),
    ).toMatchObject({ changed: true });
    expect(modeOf(`${path}.new`)).toBe('600');
  });

  it('blockinfile inserts, updates, removes the marked block', async () => {
    const path = `${h.tempDir()}/hosts`;
    writeFileSync(path, 'top\n');
    const first = await h.run('blockinfile', { path, block: 'one\ntwo' }, { diff: true });
    expect(first).toMatchObject({ changed: true, msg: 'Block inserted' });
    expect(readFileSync(path, 'utf8')).toBe(
      'top\n# BEGIN ANSIBLE MANAGED BLOCK\none\ntwo\n# END ANSIBLE MANAGED BLOCK\n',
    );
    expect((await h.run('blockinfile', { path, block: 'one\ntwo' })).changed).toBe(false);
    await h.run('blockinfile', { path, block: 'three', marker: '# {mark} ANSIBLE MANAGED BLOCK' });
    expect(readFileSync(path, 'utf8')).toBe(
      'top\n# BEGIN ANSIBLE MANAGED BLOCK\nthree\n# END ANSIBLE MANAGED BLOCK\n',
    );
    const check = await h.run('blockinfile', { path, state: 'absent' }, { check: true });
    expect(check).toMatchObject({ changed: true, msg: 'Block removed' });
    expect(readFileSync(path, 'utf8')).toContain('three');
    expect(await h.run('blockinfile', { path, state: 'absent' })).toMatchObject({ changed: true });
    expect(readFileSync(path, 'utf8')).toBe('top\n');
  });

  it('replace with Python group syntax, idempotent, with diff', async () => {
    const path = `${h.tempDir()}/r`;
    writeFileSync(path, 'port=80\nhost=a\nport=81\n');
    const r = await h.run(
      'replace',
      { path, regexp: '^port=(?P<n>\\d+)$', replace: 'port=\\g<n>0' },
      { diff: true },
    );
    expect(r).toMatchObject({
      changed: true,
      msg: '2 replacements made',
      diff: { before: 'port=80\nhost=a\nport=81\n', after: 'port=800\nhost=a\nport=810\n' },
    });
    const again = await h.run('replace', { path, regexp: '^port=(8\\d0)$', replace: 'port=\\1' });
    expect(again.changed).toBe(false);
    const sect = await h.run('replace', { path, regexp: 'port', replace: 'P', after: 'host=a' });
    expect(sect.changed).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('port=800\nhost=a\nP=810\n');
  });
});

describe('stat / slurp / fetch / find', () => {
  it('stat reports Ansible keys with a checksum', async () => {
    const dir = h.tempDir();
    writeFileSync(`${dir}/f`, 'abc');
    const r = await h.run('stat', { path: `${dir}/f` });
    expect(r.stat).toMatchObject({
      exists: true,
      isreg: true,
      isdir: false,
      size: 3,
      checksum: 'a9993e364706816aba3e25717850c26c9cd0d89d',
    });
    expect((await h.run('stat', { path: `${dir}/none` })).stat).toEqual({ exists: false });
    expect((await h.run('stat', { path: dir })).stat).toMatchObject({ isdir: true });
  });

  it('slurp returns base64', async () => {
    const dir = h.tempDir();
    writeFileSync(`${dir}/f`, 'hello');
    expect(await h.run('slurp', { src: `${dir}/f` })).toEqual({
      changed: false,
      failed: false,
      content: 'aGVsbG8=',
      source: `${dir}/f`,
      encoding: 'base64',
      // AnsibleModule's invocation: the module's arguments with its spec's defaults
      invocation: { module_args: { src: `${dir}/f` } },
    });
  });

  it('fetch writes dest/<host>/<path>, then is idempotent; flat', async () => {
    const dir = h.tempDir();
    writeFileSync(`${dir}/f`, 'fetched');
    const out = h.tempDir();
    const r = await h.run('fetch', { src: `${dir}/f`, dest: out });
    expect(r.changed).toBe(true);
    expect(readFileSync(`${out}/${h.fleet.hosts[0].name}${dir}/f`, 'utf8')).toBe('fetched');
    expect((await h.run('fetch', { src: `${dir}/f`, dest: out })).changed).toBe(false);
    await h.run('fetch', { src: `${dir}/f`, dest: `${out}/flat/`, flat: true });
    expect(readFileSync(`${out}/flat/f`, 'utf8')).toBe('fetched');
    expect(await h.run('fetch', { src: `${dir}/none`, dest: out })).toMatchObject({ failed: true });
  });

  it('find filters by pattern, hidden, recurse, contains, size', async () => {
    const dir = h.tempDir();
    mkdirSync(`${dir}/sub`);
    writeFileSync(`${dir}/a.log`, 'error here');
    writeFileSync(`${dir}/b.txt`, 'fine');
    writeFileSync(`${dir}/.hidden.log`, '');
    writeFileSync(`${dir}/sub/c.log`, 'x'.repeat(2048));
    const names = (r: Record<string, unknown>) =>
      (r.files as { path: string }[]).map((f) => f.path.slice(dir.length + 1)).sort();
    expect(names(await h.run('find', { paths: dir, patterns: '*.log' }))).toEqual(['a.log']);
    expect(
      names(await h.run('find', { paths: dir, patterns: '*.log', recurse: true, hidden: true })),
    ).toEqual(['.hidden.log', 'a.log', 'sub/c.log']);
    expect(names(await h.run('find', { paths: dir, contains: 'err.r', recurse: true }))).toEqual(['a.log']);
    expect(names(await h.run('find', { paths: dir, size: '1k', recurse: true }))).toEqual(['sub/c.log']);
    const dirs = await h.run('find', { paths: dir, file_type: 'directory' });
    expect(dirs).toMatchObject({ matched: 1, changed: false });
  });
});

describe('copy remote_src and validate', () => {
  it('copies a host file by checksum, then is idempotent; mode preserve; a tree', async () => {
    const dir = h.tempDir();
    writeFileSync(`${dir}/src.txt`, 'remote\n', { mode: 0o600 });
    const first = await h.run('copy', { src: `${dir}/src.txt`, dest: `${dir}/dst.txt`, remote_src: true });
    expect(first).toMatchObject({ changed: true, mode: '0644', checksum: expect.any(String) });
    expect(readFileSync(`${dir}/dst.txt`, 'utf8')).toBe('remote\n');
    const again = await h.run('copy', { src: `${dir}/src.txt`, dest: `${dir}/dst.txt`, remote_src: true });
    expect(again.changed).toBe(false);
    await h.run('copy', { src: `${dir}/src.txt`, dest: `${dir}/p.txt`, remote_src: true, mode: 'preserve' });
    expect(modeOf(`${dir}/p.txt`)).toBe('600');
    writeFileSync(`${dir}/src.txt`, 'changed\n');
    expect(
      (await h.run('copy', { src: `${dir}/src.txt`, dest: `${dir}/dst.txt`, remote_src: true })).changed,
    ).toBe(true);
    expect(readFileSync(`${dir}/dst.txt`, 'utf8')).toBe('changed\n');
  });

  it('validate: a failing command leaves dest alone; %s is required', async () => {
    const dest = `${h.tempDir()}/v.txt`;
    const bad = await h.run('copy', { content: 'bad\n', dest, validate: 'grep -q good %s' });
    expect(bad).toMatchObject({ failed: true, msg: 'failed to validate', exit_status: 1 });
    expect(existsSync(dest)).toBe(false);
    const noS = await h.run('copy', { content: 'x\n', dest, validate: 'true' });
    expect(noS).toMatchObject({ failed: true, msg: 'validate must contain %s: true' });
    expect((await h.run('copy', { content: 'good\n', dest, validate: 'grep -q good %s' })).changed).toBe(
      true,
    );
    const li = await h.run('lineinfile', {
      path: dest,
      line: 'x',
      validate: "sh -c 'echo no >&2; exit 4' %s",
    });
    expect(li).toMatchObject({ failed: true, msg: 'failed to validate: rc:4 error:no\n' });
    expect(readFileSync(dest, 'utf8')).toBe('good\n');
  });
});
