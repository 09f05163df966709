export { resolveWorkerEntry, startWorker, tsBootstrap, type WorkerEntry } from '../pool/worker-entry.js';
export { runStressAll, type StressAllOptions, type StressComparison } from './compare.js';
export { formatStressComparison, formatStressTable } from './format.js';
export { runStress, STRESS_DEFAULTS, stressScenarioNames } from './run.js';
export type { Scenario, StressMode, StressOptions, StressReport, StressTransport } from './types.js';
