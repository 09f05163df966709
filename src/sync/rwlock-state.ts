import {
  kRwCountMask,
  kRwGenShift,
  kRwReaderMask,
  kRwWaitingReaderShift,
  kRwWaitingWriterShift,
  kRwWriterBit,
} from './layout.js';

/** Pure helpers over the packed RwLock word (see layout.ts for the bit fields). */
export const WRITER = kRwWriterBit;
export const ONE_WAITING_WRITER = 1 << kRwWaitingWriterShift;
export const ONE_WAITING_READER = 1 << kRwWaitingReaderShift;
/** Readers admitted by the fast path stay this far below the field's limit, so a batch grant of
 * up to kRwCountMask waiting readers can never overflow it. */
export const MAX_FAST_READERS = kRwReaderMask - kRwCountMask;

export const readers = (s: number): number => s & kRwReaderMask;
export const writerHeld = (s: number): boolean => (s & kRwWriterBit) !== 0;
export const waitingWriters = (s: number): number => (s >>> kRwWaitingWriterShift) & kRwCountMask;
export const waitingReaders = (s: number): number => (s >>> kRwWaitingReaderShift) & kRwCountMask;
export const grantGen = (s: number): number => (s >>> kRwGenShift) & 0xf;

/** A new reader may enter only when no writer holds *or waits* (writer preference). */
export const readerMayEnter = (s: number): boolean => (s & kRwWriterBit) === 0 && waitingWriters(s) === 0;
export const writerMayEnter = (s: number): boolean => (s & kRwWriterBit) === 0 && readers(s) === 0;

/**
 * Moves every waiting reader into the active readers and bumps the grant generation, which is
 * how each sleeping reader learns it now holds the lock. Called when a writer leaves (so
 * readers are never starved by a stream of writers) and when the last waiting writer gives up.
 */
export function grantWaitingReaders(s: number): number {
  const rw = waitingReaders(s);
  if (rw === 0) return s;
  const cleared = s & ~(kRwReaderMask | (kRwCountMask << kRwWaitingReaderShift) | (0xf << kRwGenShift));
  return cleared | (readers(s) + rw) | (((grantGen(s) + 1) & 0xf) << kRwGenShift) | 0;
}

/** Keeps the invariant "readers wait only behind a writer that holds or waits". */
export function normalise(s: number): number {
  return writerHeld(s) || waitingWriters(s) > 0 ? s : grantWaitingReaders(s);
}
