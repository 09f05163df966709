import { defineConfig } from 'vitest/config';

/**
 * The projects (`npx vitest run --project <name>` runs one):
 * - unit, fuzz: in-process tests of src/ with fakes at the seams, and the fuzz pass. No sshd,
 *   no Ansible, no build: seconds (`npm run test:unit`).
 * - integration: the built CLI, real worker threads and real sshd (the shared fleet, started
 *   once by this project's globalSetup, or a file's own), fault injection and the race lab.
 * - diff: the Ansible 2.14 oracle (ansible-playbook, ansible-inventory) against flotilla on the
 *   same input; each file starts its own small fleet (harness.ts ownFleet). About 40 min on 2
 *   cores, nearly all of it Ansible's own time.
 * - diff-core: the part of diff that `npm test` runs (DIFF_CORE), so that the suite CI runs
 *   stays under 10 min; `npm run test:full` runs the whole of diff instead (scripts/test.sh).
 */
const PREREQUISITES = 'test/support/setup/prerequisites.ts';

/**
 * Oracle files cheap enough for every run (each under ~50 s of Ansible time), chosen to touch
 * every layer: a whole play, inventories, vault, the trust boundary, templating, lookups and
 * filters, Python plugins (template and action), facts, strategies, syntax errors, prompts,
 * the bridge, ansible.cfg, the yaml stdout callback and YAML text, json.loads, inventory scripts,
 * difflib's hunks, and the cases found running real-world roles.
 */
const DIFF_CORE = [
  'basics',
  'inventory-generated',
  'inventory-actions',
  'vault',
  'unsafe',
  'hostvars-templating',
  'precedence',
  'python-boolean',
  'ansible-cfg-syntax',
  'bridge-interpreter-discovery',
  'bridge-resolve',
  'vars-prompt',
  'template-plugins',
  'local-action-plugins',
  'stdout-callbacks',
  'yaml-dump',
  'python-json',
  'inventory-scripts',
  'inventory-constructed',
  'aggregate-callbacks',
  'sweep-filters',
  'sweep-syntax-errors',
  'sweep-lookups',
  'fidelity-filters',
  'fidelity-lookups',
  'fidelity-magic-vars',
  'strategy-host-pinned',
  'facts',
  'python-difflib',
  'realworld-check',
].map((name) => `test/integration/diff/${name}.test.ts`);

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
      {
        extends: true,
        test: { name: 'diff-core', include: DIFF_CORE, testTimeout: 180_000, globalSetup: [PREREQUISITES] },
      },
    ],
  },
});
