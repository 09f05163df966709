/**
 * A one-shot barrier for threads that must keep their event loop running while they wait
 * (a pool's connect or close may still be in flight): Atomics.waitAsync instead of wait.
 */
// Atomics.waitAsync exists in Node 20 but not in TypeScript's ES2023 lib typings.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(ia: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

const kArrived = 0;
const kGo = 1;

export function createAsyncBarrier(): SharedArrayBuffer {
  return new SharedArrayBuffer(8);
}

/**
 * Resolves once `parties` threads arrived. Ordering: the last arrival stores kGo after its
 * seq-cst add, and every waiter re-checks kGo after each wake-up.
 */
export async function arriveAsync(sab: SharedArrayBuffer, parties: number): Promise<void> {
  const ia = new Int32Array(sab);
  if (Atomics.add(ia, kArrived, 1) + 1 === parties) {
    Atomics.store(ia, kGo, 1);
    Atomics.notify(ia, kGo);
    return;
  }
  // A pending waitAsync does not keep a worker alive on its own: hold a ref'd timer meanwhile.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    while (Atomics.load(ia, kGo) === 0) {
      const r = waitAsync(ia, kGo, 0);
      if (r.async) await r.value;
    }
  } finally {
    clearInterval(keepAlive);
  }
}

/** A one-shot cross-thread signal (like Ctrl-C reaching every worker): raise once, wait many. */
export function createSignal(): SharedArrayBuffer {
  return new SharedArrayBuffer(4);
}

export function raiseSignal(sab: SharedArrayBuffer): void {
  const ia = new Int32Array(sab);
  Atomics.store(ia, 0, 1);
  Atomics.notify(ia, 0);
}

export function signalRaised(sab: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(sab), 0) !== 0;
}

export async function waitSignal(sab: SharedArrayBuffer): Promise<void> {
  const ia = new Int32Array(sab);
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    while (Atomics.load(ia, 0) === 0) {
      const r = waitAsync(ia, 0, 0);
      if (r.async) await r.value;
    }
  } finally {
    clearInterval(keepAlive);
  }
}
