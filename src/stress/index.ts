export { formatStressTable } from './format.js';
export { runStress, STRESS_DEFAULTS, stressScenarioNames } from './run.js';
export type { Scenario, StressMode, StressOptions, StressReport } from './types.js';
export { resolveWorkerEntry, startWorker, tsBootstrap, type WorkerEntry } from './worker-entry.js';
