/**
 * fetch: copies a host file to the controller, to `dest/<host>/<src path>` unless
 * flat=yes; skips the transfer when the controller copy already has the same sha1.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { actionFail } from '../actions/action-fail.js';
import type { ModuleDefinition } from './types.js';
import { md5 } from './util/ensure-content.js';
import { readRemoteFile } from './util/remote-file.js';
import { remoteStat } from './util/remote-stat.js';

/** The process umask (reading it is allowed in worker threads); 022 if unavailable. */
function currentUmask(): number {
  try {
    return process.umask();
  } catch {
    return 0o022;
  }
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

export const fetchModule: ModuleDefinition = {
  name: 'fetch',
  actionCheck(raw) {
    if (raw.src === undefined || raw.src === null || raw.dest === undefined || raw.dest === null)
      return actionFail('src and dest are required');
    return undefined;
  },
  args: {
    options: {
      src: { type: 'str', required: true },
      dest: { type: 'str', required: true },
      fail_on_missing: { type: 'bool', default: true },
      validate_checksum: { type: 'bool', default: true },
      flat: { type: 'bool', default: false },
    },
  },
  async run(args, ctx) {
    const src = args.src as string;
    let dest = args.dest as string;
    if (args.flat) {
      if (dest.endsWith('/')) dest = path.join(dest, path.posix.basename(src));
    } else {
      dest = path.join(dest, ctx.host, src.replace(/^\/+/, ''));
    }
    const st = await remoteStat(ctx, src, { follow: true, checksum: 'sha1' });
    const missing = !st
      ? 'the remote file does not exist, not transferring, ignored'
      : st.type === 'directory'
        ? 'remote file is a directory, fetch cannot work on directories'
        : undefined;
    if (missing) {
      const result = { changed: false, file: src, msg: missing };
      return args.fail_on_missing ? { ...result, failed: true } : result;
    }
    const remoteSum = st?.checksum ?? '';
    const local = await readFile(dest).catch(() => null);
    if (local && sha1(local) === remoteSum)
      return { changed: false, md5sum: md5(local), file: src, dest, checksum: remoteSum };
    if (ctx.check) return { changed: true, file: src, dest, checksum: remoteSum, remote_checksum: remoteSum };
    const content = (await readRemoteFile(ctx, src)) ?? Buffer.alloc(0);
    const newSum = sha1(content);
    if (args.validate_checksum && newSum !== remoteSum) {
      return {
        changed: false,
        failed: true,
        msg: 'checksum mismatch',
        file: src,
        dest,
        checksum: newSum,
        remote_checksum: remoteSum,
      };
    }
    await mkdir(path.dirname(dest), { recursive: true });
    if (ctx.writeLocalFile) await ctx.writeLocalFile(dest, content);
    else await writeFile(dest, content);
    // Ansible's sftp get creates a new local file with the remote file's mode (less umask)
    if (!local && st) await chmod(dest, st.perm & 0o777 & ~currentUmask()).catch(() => undefined);
    return {
      changed: true,
      md5sum: md5(content),
      dest,
      remote_md5sum: null,
      checksum: newSum,
      remote_checksum: remoteSum,
    };
  },
};
