/**
 * Round trips per native module (issue 17): every exec, put and get a module makes is one
 * round trip to the host. When nothing changes a module needs one; when it changes, two.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../../src/connection/transport.js';
import { type Harness, startHarness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(1);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** The transport, counting its round trips (every exec, put and get). */
function counting(inner: Transport): { transport: Transport; trips: () => number } {
  let n = 0;
  const trip = <T>(call: () => T): T => {
    n++;
    return call();
  };
  const transport: Transport = {
    key: inner.key,
    connect: () => inner.connect(),
    exec: (c, o) => trip(() => inner.exec(c, o)),
    put: (c, p, m) => trip(() => inner.put(c, p, m)),
    get: (p) => trip(() => inner.get(p)),
    isAlive: (t) => inner.isAlive(t),
    close: () => inner.close(),
  };
  return { transport, trips: () => n };
}

/** Runs the module twice (a change, then none) and returns both round-trip counts and results. */
async function twice(name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const counts: number[] = [];
  const results = [];
  for (let i = 0; i < 2; i++) {
    const c = counting(h.transports[0]);
    results.push(await h.run(name, args, { transport: c.transport, ...extra }));
    counts.push(c.trips());
  }
  return { counts, results };
}

describe('round trips per native module', () => {
  it.each([
    ['file', (d: string) => ({ path: `${d}/dir`, state: 'directory', mode: '0755' })],
    [
      'file',
      (d: string) => ({
        path: `${d}/touched`,
        state: 'touch',
        mode: '0644',
        modification_time: 'preserve',
        access_time: 'preserve',
      }),
    ],
    ['copy', (d: string) => ({ content: 'hello\n', dest: `${d}/copied`, mode: '0644' })],
    ['lineinfile', (d: string) => ({ path: `${d}/lines`, line: 'key=value', create: true })],
    [
      'lineinfile',
      (d: string) => ({ path: `${d}/lines2`, regexp: '^key=', line: 'key=value', create: true }),
    ],
    ['blockinfile', (d: string) => ({ path: `${d}/block`, block: 'a\nb', create: true, mode: '0600' })],
    ['file', (d: string) => ({ path: `${d}/link`, src: '/etc/hostname', state: 'link' })],
    ['copy', (d: string) => ({ src: '/etc/hostname', dest: `${d}/`, mode: '0640' })],
  ])('%s: 2 when it changes, 1 when it does not', async (name, make) => {
    const { counts, results } = await twice(name, make(h.tempDir()));
    expect(results.map((r) => [r.failed ?? false, r.changed])).toEqual([
      [false, true],
      [false, false],
    ]);
    expect(counts).toEqual([expect.any(Number), expect.any(Number)]);
    expect(counts[0]).toBeLessThanOrEqual(2);
    expect(counts[1]).toBe(1);
  });

  it('template: 2 when it changes, 1 when it does not', async () => {
    const d = h.tempDir();
    const src = path.join(d, 'motd.j2');
    writeFileSync(src, 'host {{ inventory_hostname }}\n');
    const { counts } = await twice(
      'template',
      { src, dest: `${d}/motd`, mode: '0644' },
      {
        renderTemplateFile: async (p: string) =>
          readFileSync(p, 'utf8').replace('{{ inventory_hostname }}', 'h0'),
      },
    );
    expect(counts[0]).toBeLessThanOrEqual(2);
    expect(counts[1]).toBe(1);
  });

  it('replace and file absent: 2 when they change, 1 when they do not', async () => {
    const d = h.tempDir();
    writeFileSync(path.join(d, 'r'), 'a=1\nb=2\n');
    for (const [name, args] of [
      ['replace', { path: `${d}/r`, regexp: '=1$', replace: '=3' }],
      ['file', { path: `${d}/r`, state: 'absent' }],
    ] as const) {
      const { counts, results } = await twice(name, args);
      expect(results.map((r) => r.changed)).toEqual([true, false]);
      expect(counts[0]).toBeLessThanOrEqual(2);
      expect(counts[1]).toBe(1);
    }
  });

  it('stat: 1', async () => {
    const d = h.tempDir();
    writeFileSync(path.join(d, 'f'), 'x\n');
    const c = counting(h.transports[0]);
    const r = await h.run('stat', { path: `${d}/f` }, { transport: c.transport });
    expect(r.stat).toMatchObject({ exists: true, isreg: true });
    expect(c.trips()).toBe(1);
  });
});
