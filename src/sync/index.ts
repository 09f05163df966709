export { SyncError, type SyncErrorCode } from './errors.js';
export { LockGuard } from './guard.js';
export { Mutex } from './mutex.js';
export { ConnectionRegistry, type RegistryCounters, type SlotSnapshot, SlotState } from './registry.js';
export { RwLock } from './rwlock.js';
export { Semaphore } from './semaphore.js';
export type { PrimitiveStats } from './stats.js';
export type { AcquireOptions, SyncAcquireOptions } from './wait.js';
