/**
 * The built CLI and its host worker run from V8's code cache (src/boot/compile-cache.ts): the
 * first run writes one cache per bundle into FLOTILLA_COMPILE_CACHE, the next run takes them
 * (nothing rewritten) and prints the same.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFile } from '../../support/cli.js';
import { tempDir } from '../../support/temp-dirs.js';

const play = tempFile('play.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hello\n');
const inventory = tempFile('hosts.ini', 'localhost ansible_connection=local\n');

describe('compile cache of the built CLI', () => {
  it('is written by the first run, for the CLI and the host worker, and taken by the next', async () => {
    const cache = path.join(tempDir('flotilla-cc-'), 'cache');
    const env = { FLOTILLA_COMPILE_CACHE: cache };
    const first = await runCli(['run', play, '-i', inventory], { env });
    expect(first.code, first.stderr).toBe(0);
    const files = readdirSync(cache).sort();
    expect(files.map((f) => f.replace(/\.[0-9a-f]{8}\.[0-9a-f]{24}\.v8$/, ''))).toEqual([
      'cli.cjs',
      'host-worker.bundle.cjs',
    ]);
    const mtimes = files.map((f) => statSync(path.join(cache, f)).mtimeMs);
    const second = await runCli(['run', play, '-i', inventory], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(readdirSync(cache).sort()).toEqual(files);
    expect(files.map((f) => statSync(path.join(cache, f)).mtimeMs)).toEqual(mtimes);
  });
});
