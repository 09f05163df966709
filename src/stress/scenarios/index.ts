import type { Scenario } from '../types.js';
import { aliveUnderLockScenario } from './alive-under-lock.js';
import { closeDuringUseScenario } from './close-during-use.js';
import { doubleCreateScenario } from './double-create.js';
import { evictionScenario } from './eviction.js';
import { mutexScenario } from './mutex.js';
import { preEstablishScenario } from './pre-establish.js';
import { rwlockScenario } from './rwlock.js';
import { semaphoreScenario } from './semaphore.js';
import { unboundedScenario } from './unbounded.js';

/** Every race-lab scenario by name; a new scenario is one module plus one line here. */
export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [
    mutexScenario,
    rwlockScenario,
    semaphoreScenario,
    doubleCreateScenario,
    closeDuringUseScenario,
    aliveUnderLockScenario,
    evictionScenario,
    unboundedScenario,
    preEstablishScenario,
  ].map((s) => [s.name, s]),
);
