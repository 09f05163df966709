import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/stress/histogram.js';
import { formatStressTable, resolveWorkerEntry, runStress } from '../../src/stress/index.js';

describe('race lab plumbing', () => {
  it('refuses an unknown scenario with a did-you-mean hint', async () => {
    await expect(
      runStress({ scenario: 'mutx', mode: 'safe', threads: 4, iterations: 1 }),
    ).rejects.toMatchObject({
      code: 'FLT_STRESS_SCENARIO',
      hint: 'did you mean "mutex"?',
    });
  });

  it('refuses a non-positive thread count and an unknown mode', async () => {
    await expect(
      runStress({ scenario: 'mutex', mode: 'safe', threads: 0, iterations: 1 }),
    ).rejects.toMatchObject({
      code: 'FLT_STRESS_OPTION',
    });
    await expect(
      runStress({ scenario: 'mutex', mode: 'fast' as never, threads: 2, iterations: 1 }),
    ).rejects.toMatchObject({
      code: 'FLT_STRESS_OPTION',
    });
  });

  it('formats a report as an aligned table with the verdict', () => {
    const text = formatStressTable({
      scenario: 'mutex',
      mode: 'naive',
      threads: 4,
      iterations: 1000,
      hosts: 0,
      transport: 'sim',
      violations: 12,
      durationMs: 34,
      metrics: { lostUpdates: 12, waitP50Us: 0.5 },
    });
    expect(text).toMatch(/violations\s+\| 12 violations/);
    expect(text).toMatch(/lostUpdates\s+\| 12/);
    expect(text).toMatch(/waitP50Us\s+\| 0\.5/);
  });

  it('histogram percentiles land in the right buckets', () => {
    const h = new Histogram();
    for (let i = 0; i < 98; i++) h.record(1.23);
    h.record(500);
    h.record(20_000);
    expect(h.total).toBe(100);
    expect(h.percentile(50)).toBe(1.2);
    expect(h.percentile(99)).toBeGreaterThan(450);
    expect(h.percentile(99)).toBeLessThanOrEqual(500);
    expect(h.percentile(100)).toBeGreaterThan(18_000);
    const merged = new Histogram();
    merged.merge(h.counts);
    expect(merged.percentile(50)).toBe(1.2);
  });

  it('runs the .ts worker through tsx from sources and the .js one from dist', () => {
    const dev = resolveWorkerEntry('stress-worker');
    expect(dev.eval).toBe(true);
    expect(dev.file.endsWith('workers/stress-worker.ts')).toBe(true);
    expect(dev.filename).toContain("import('tsx/esm/api')");
    // From a dist module whose sibling .js is missing, it falls back to the .ts entry.
    expect(resolveWorkerEntry('stress-worker', 'file:///nowhere/dist/src/stress/run.js').eval).toBe(true);
  });

  it('runs the bundled workers next to the bundled CLI (npm run build writes them)', () => {
    const cli = new URL('../../dist/cli.cjs', import.meta.url);
    const host = resolveWorkerEntry('host-worker', cli.href);
    expect(host.eval).toBe(false);
    // the host worker's loader (through the compile cache); the stress worker is an ES module
    expect(host.filename).toBe(fileURLToPath(new URL('./host-worker.cjs', cli)));
    expect(resolveWorkerEntry('stress-worker', cli.href).filename).toBe(
      fileURLToPath(new URL('./stress-worker.mjs', cli)),
    );
  });
});
