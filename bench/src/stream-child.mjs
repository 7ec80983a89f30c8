// Child process (node --expose-gc): streams a capture file through readTelegrams. Argv: file. Prints JSON.
// Memory is sampled every 100,000 telegrams as it is; the first and the last sample follow a full GC, so that
// their heapUsed is live data only and their difference shows state that grows with the number of telegrams.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readTelegrams } from '@p1/core';
import { liveHeapUsed } from './live-heap.mjs';
import { touch } from './workload.mjs';

const SAMPLE_EVERY = 100_000;
const file = process.argv[2];
const samples = [];
async function sample(count, live) {
  if (live) await liveHeapUsed();
  samples.push({ count, live, ...process.memoryUsage() });
}

let count = 0;
let errors = 0;
let touched = 0;
const start = performance.now();
for await (const telegram of readTelegrams(createReadStream(file), { onError: () => errors++ })) {
  count++;
  touched += touch(telegram);
  if (count % SAMPLE_EVERY === 0) await sample(count, count === SAMPLE_EVERY);
}
const seconds = (performance.now() - start) / 1000;
await sample(count, true);
console.log(JSON.stringify({ count, errors, touched, seconds, samples, maxRssKiB: process.resourceUsage().maxRSS }));
