/**
 * Checks the machine's prerequisites (scripts/system-packages.txt) in seconds, then starts one
 * loopback sshd fleet for the whole test run and stops it at the end, so no test leaves sshd
 * running. Tests read it with `inject('fleet')`.
 */
import type { TestProject } from 'vitest/node';
import { checkPrerequisites, MANIFEST } from '../../scripts/system-packages.mjs';
import { type Fleet, startFleet, stopFleet } from './fleet.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fleet: Fleet;
  }
}

let fleet: Fleet | undefined;

export async function setup(project: TestProject): Promise<void> {
  // scripts/test.sh has just checked; a bare `npx vitest` checks here instead.
  if (process.env.FLOTILLA_PREREQS_CHECKED !== '1') {
    const { problems } = checkPrerequisites('test');
    if (problems.length > 0) {
      throw new Error(
        `This machine lacks what the suite needs (${MANIFEST}):\n  - ${problems.join('\n  - ')}\nRun \`bash scripts/setup.sh\` as root to install it.`,
      );
    }
  }
  fleet = await startFleet({ hosts: Number(process.env.FLOTILLA_TEST_HOSTS ?? 60) });
  project.provide('fleet', fleet);
}

export async function teardown(): Promise<void> {
  if (fleet) await stopFleet(fleet);
}
