/** slurp: the file's bytes, base64-encoded, like ansible/modules/slurp.py. */
import type { ModuleDefinition } from './types.js';
import { readRemoteFile } from './util/remote-file.js';
import { remoteStat } from './util/remote-stat.js';

export const slurpModule: ModuleDefinition = {
  name: 'slurp',
  args: { options: { src: { type: 'path', required: true, aliases: ['path'] } } },
  async run(args, ctx) {
    const src = args.src as string;
    const st = await remoteStat(ctx, src, { follow: true });
    if (!st) return { changed: false, failed: true, msg: `file not found: ${src}` };
    if (st.type === 'directory')
      return { changed: false, failed: true, msg: `source is a directory and must be a file: ${src}` };
    if (!st.readable) return { changed: false, failed: true, msg: `file is not readable: ${src}` };
    const content = await readRemoteFile(ctx, src);
    return {
      changed: false,
      content: (content ?? Buffer.alloc(0)).toString('base64'),
      source: src,
      encoding: 'base64',
    };
  },
};
