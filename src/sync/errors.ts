/**
 * Typed errors of the sync layer. `src/sync` imports nothing of ours, so it carries its own
 * small error class; callers match on `code` (stable), never on the message.
 */
export type SyncErrorCode =
  | 'FLT_SYNC_TIMEOUT'
  | 'FLT_SYNC_ABORTED'
  | 'FLT_SYNC_MAIN_THREAD'
  | 'FLT_SYNC_NOT_HELD'
  | 'FLT_SYNC_CAPACITY'
  | 'FLT_SYNC_STATE'
  | 'FLT_SYNC_LAYOUT';

export class SyncError extends Error {
  readonly code: SyncErrorCode;

  constructor(code: SyncErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SyncError';
    this.code = code;
  }
}

export function timeoutError(what: string, timeoutMs: number): SyncError {
  return new SyncError('FLT_SYNC_TIMEOUT', `${what}: timed out after ${timeoutMs} ms`);
}

export function abortedError(what: string, reason: unknown): SyncError {
  return new SyncError('FLT_SYNC_ABORTED', `${what}: aborted`, { cause: reason });
}
