/** Start barrier slots: how many threads arrived, and the "go" flag they sleep on. */
const kArrived = 0;
const kGo = 1;

export function createBarrier(): SharedArrayBuffer {
  return new SharedArrayBuffer(8);
}

/**
 * Blocks (worker threads only) until `parties` threads arrived, so all start racing together.
 * Ordering: the last arrival stores kGo after its seq-cst add, and sleepers re-check kGo.
 */
export function arriveAndWait(sab: SharedArrayBuffer, parties: number): void {
  const ia = new Int32Array(sab);
  if (Atomics.add(ia, kArrived, 1) + 1 === parties) {
    Atomics.store(ia, kGo, 1);
    Atomics.notify(ia, kGo);
    return;
  }
  while (Atomics.load(ia, kGo) === 0) Atomics.wait(ia, kGo, 0);
}
