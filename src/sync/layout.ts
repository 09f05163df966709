/**
 * Shared-memory layout: every Int32 slot of every primitive has a name here (piscina style).
 * Indices are Int32 indices relative to the primitive's own base; `*Bytes` are byte sizes.
 * Every primitive starts on an 8-byte boundary because its stats block holds one BigInt64.
 */

/** Alignment every primitive's byteOffset must respect. */
export const kAlignBytes = 8;

// --- header of each primitive (16 bytes) -----------------------------------------------
export const kHeaderBytes = 16;
/** Mutex: 0 = free, 1 = held, 2 = held and somebody may be waiting (Drepper's futex mutex). */
export const kMutexState = 0;
/** Mutex: threadId + 1 of the holder, 0 when free. */
export const kMutexOwner = 1;
/** RwLock: packed word, see the kRw* bit fields below. */
export const kRwState = 0;
/** RwLock: threadId + 1 of the writer, 0 when no writer. */
export const kRwWriterOwner = 1;
/** Semaphore: permits available right now. */
export const kSemAvailable = 0;
/** Semaphore: threads currently sleeping (or about to) on kSemAvailable. */
export const kSemWaiters = 1;
/** Semaphore: the configured number of permits (read-only after create). */
export const kSemPermits = 2;

// --- RwLock state word bit fields --------------------------------------------------------
// bits 0-10 active readers | bit 11 writer holds | bits 12-19 waiting writers |
// bits 20-27 waiting readers | bits 28-31 grant generation (bumped when waiting readers are
// admitted as a batch, so a sleeping reader can tell it was granted).
export const kRwReaderMask = 0x7ff;
export const kRwWriterBit = 1 << 11;
export const kRwWaitingWriterShift = 12;
export const kRwWaitingReaderShift = 20;
export const kRwCountMask = 0xff;
export const kRwGenShift = 28;

// --- stats block (40 bytes, right after the header) --------------------------------------
export const kStatAcquisitions = 0;
export const kStatContended = 1;
export const kStatMaxWaitUs = 2;
export const kStatHolders = 3;
export const kStatMaxHolders = 4;
export const kStatTimeouts = 5;
export const kStatAborts = 6;
// Int32 index 7 is padding so that the BigInt64 below sits on an 8-byte boundary.
/** BigInt64 index (not Int32) of the total wait in ns, relative to the stats block. */
export const kStatWaitNsTotal64 = 4;
export const kStatsBytes = 40;

// --- per-thread holder table (rwlock readers, semaphore permits) ------------------------
/** Threads that can hold one primitive at the same time; entries are freed at count 0. */
export const kHolderSlots = 64;
/**
 * Per entry: who (threadId + 1, 0 = free), what it holds, and what it is waiting for, so the
 * main thread can undo all of it for a thread that died (releaseAllHeldBy).
 */
export const kHolderTag = 0;
export const kHolderCount = 1;
/** Waiting writers (rwlock) or waiting acquirers (semaphore) of this thread. */
export const kHolderWaiting = 2;
/** RwLock: readers of this thread registered as waiting, all at generation kHolderReadGen. */
export const kHolderReadWaiting = 3;
export const kHolderReadGen = 4;
export const kHolderEntryInts = 6;
export const kHolderTableBytes = kHolderSlots * kHolderEntryInts * 4;

export const kMutexBytes = kHeaderBytes + kStatsBytes;
export const kRwLockBytes = kHeaderBytes + kStatsBytes + kHolderTableBytes;
export const kSemaphoreBytes = kHeaderBytes + kStatsBytes + kHolderTableBytes;

// --- connection registry -----------------------------------------------------------------
/** Header: slot count, the shared monotonic tick, then counters. */
export const kRegSlotCount = 0;
export const kRegTick = 1;
export const kRegClaimsWon = 2;
export const kRegClaimsReady = 3;
export const kRegClaimsWait = 4;
export const kRegWaits = 5;
export const kRegPins = 6;
export const kRegPinMisses = 7;
export const kRegUnpins = 8;
export const kRegCloses = 9;
export const kRegCloseMisses = 10;
export const kRegPublished = 11;
export const kRegMarkedDead = 12;
export const kRegOwnerReleased = 13;
export const kRegHeaderInts = 16;
/** Per slot: packed state|refcount<<3, owner worker id, last-used tick, use count, generation. */
export const kSlotWord = 0;
export const kSlotOwner = 1;
export const kSlotLastUsed = 2;
export const kSlotUseCount = 3;
export const kSlotGeneration = 4;
export const kSlotInts = 8;
export const kSlotStateBits = 3;
export const kSlotStateMask = 0b111;
