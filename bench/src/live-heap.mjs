// heapUsed of live data only, for the child processes that run with --expose-gc.
import { setImmediate as tick } from 'node:timers/promises';

/**
 * A GC inside one synchronous stretch misses what the running code still holds in temporaries (the corpus strings
 * right after they became bytes, say), so this yields to the event loop between collections.
 */
export async function liveHeapUsed() {
  for (let pass = 0; pass < 3; pass++) {
    globalThis.gc();
    await tick();
  }
  return process.memoryUsage().heapUsed;
}
