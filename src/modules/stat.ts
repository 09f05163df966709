/** stat: one `stat -c` round trip (plus the checksum in the same script). */
import type { ModuleDefinition } from './types.js';
import { type ChecksumAlgorithm, remoteStat, toStatResult } from './util/remote-stat.js';

export const statModule: ModuleDefinition = {
  name: 'stat',
  args: {
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'name'] },
      follow: { type: 'bool', default: false },
      get_checksum: { type: 'bool', default: true },
      checksum_algorithm: {
        type: 'str',
        default: 'sha1',
        choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
        aliases: ['checksum', 'checksum_algo'],
      },
      get_mime: { type: 'bool', default: true, aliases: ['mime', 'mime_type', 'mime-type'] },
      get_attributes: { type: 'bool', default: true, aliases: ['attr', 'attributes'] },
    },
  },
  async run(args, ctx) {
    const path = args.path as string;
    const checksum = args.get_checksum ? (args.checksum_algorithm as ChecksumAlgorithm) : undefined;
    const st = await remoteStat(ctx, path, { follow: args.follow as boolean, checksum });
    return { changed: false, stat: toStatResult(st, path) };
  },
};
