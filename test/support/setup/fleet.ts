/**
 * vitest globalSetup of the integration project: starts one loopback sshd fleet for the
 * project's whole run and stops it at the end, so no test leaves sshd running. Tests read it
 * with `inject('fleet')`. The unit and diff projects do not start it (diff files start their
 * own small fleet with ownFleet()).
 */
import type { TestProject } from 'vitest/node';
import { type Fleet, startFleet, stopFleet } from '../../../tools/fleet/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fleet: Fleet;
  }
}

let fleet: Fleet | undefined;

export async function setup(project: TestProject): Promise<void> {
  fleet = await startFleet({ hosts: Number(process.env.FLOTILLA_TEST_HOSTS ?? 60) });
  project.provide('fleet', fleet);
}

export async function teardown(): Promise<void> {
  if (fleet) await stopFleet(fleet);
}
