import { defineConfig } from 'vitest/config';

/**
 * Three projects (`npm test` runs them all; `npx vitest run --project <name>` one):
 * - unit: in-process tests of src/ with fakes at the seams, and the fuzz pass. No sshd, no
 *   Ansible, no build: seconds (`npm run test:unit`).
 * - integration: the built CLI, real worker threads and real sshd (the shared fleet, started
 *   once by this project's globalSetup, or a file's own), fault injection and the race lab.
 * - diff: the Ansible 2.14 oracle (ansible-playbook, ansible-inventory) against flotilla on the
 *   same input; each file starts its own small fleet (harness.ts ownFleet).
 */
const PREREQUISITES = 'test/support/setup/prerequisites.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Removes each file's temp dirs (test/support/temp-dirs.ts) after its tests.
    setupFiles: ['test/support/setup/temp-dirs.ts'],
    // Files of all projects share these workers: two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // One module graph per worker instead of one per file: src/ is imported once, not 83
          // times (about a third of the CPU). Unit tests inject their fakes and restore what
          // they change (env, cwd, timers); vi.mock would leak between files here.
          isolate: false,
        },
      },
      {
        extends: true,
        // Isolated: with the unit project's shared module graph, a hostile self-alias input
        // overflowed the stack (order-dependent; see the issue-15 note).
        test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/races/**/*.test.ts'],
          exclude: ['test/integration/diff/**'],
          globalSetup: [PREREQUISITES, 'test/support/setup/fleet.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'diff',
          include: ['test/integration/diff/**/*.test.ts'],
          // Each case runs ansible-playbook, CPU-bound at ~30 CPU-s a play: on CI's 2 cores next
          // to another file, 60 s is not enough (structure.test.ts timed out there).
          testTimeout: 180_000,
          globalSetup: [PREREQUISITES],
        },
      },
    ],
  },
});
