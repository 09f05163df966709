import type { Scenario } from '../types.js';
import { closeDuringUseScenario } from './close-during-use.js';
import { doubleCreateScenario } from './double-create.js';
import { mutexScenario } from './mutex.js';
import { rwlockScenario } from './rwlock.js';
import { semaphoreScenario } from './semaphore.js';

/** Every race-lab scenario by name; a new scenario is one module plus one line here. */
export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [mutexScenario, rwlockScenario, semaphoreScenario, doubleCreateScenario, closeDuringUseScenario].map(
    (s) => [s.name, s],
  ),
);
