// Child process (node --expose-gc): one timed pass of one way of feeding the capture, after a warm-up on its
// first telegrams. Argv: file case [retention]. Prints JSON: { seconds, cpuSeconds, count } (the wall time, and the
// CPU time of the process, all its threads, GC helpers included: the work done, which time slices taken by other
// processes on a shared machine do not change). With `retention`, it also says what is left
// of a 100 MB input once it was parsed and dropped: heapUsed after gc, the largest object of a heap snapshot, and
// whether the input buffer was collected).
import { readFileSync } from 'node:fs';
import { getHeapSnapshot } from 'node:v8';
const { parseTelegram, parseTelegrams, TelegramDecoder } = await import(process.env.P1CORE ?? '@p1/core');
import { parsePacket, withConsoleError } from './predecessor.mjs';
import { touch } from './workload.mjs';

const [file, key, retention] = process.argv.slice(2);
// A plain Uint8Array, as Web Serial and fetch bodies deliver (a Node Buffer's subarray is several times slower).
let bytes = new Uint8Array(readFileSync(file));

/** The capture cut at its telegrams' ends: the pre-split strings parseTelegram and p1-reader take. */
function splitTelegrams(buffer) {
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length).toString('latin1');
  const telegrams = [];
  for (let from = 0; from < text.length; ) {
    const next = text.indexOf('\r\n/', from);
    const end = next < 0 ? text.length : next + 2;
    telegrams.push(text.slice(from, end));
    from = end;
  }
  return telegrams;
}

/**
 * Feeds `input` to a new decoder (made with `options`) in pieces of `size` bytes (Infinity: one push), reads every
 * telegram; with `hold`, keeps every telegram until the end, as the array a single push returns keeps them.
 */
function pushIn(size, options = {}, hold = false) {
  return (input) => {
    const decoder = new TelegramDecoder(options);
    const held = [];
    let count = 0;
    const take = (r) => {
      if (r.type !== 'telegram') throw new Error(`${r.error.code}: ${r.error.message}`);
      touch(r.telegram);
      if (hold) held.push(r.telegram);
      count++;
    };
    if (size === Infinity) decoder.push(input).forEach(take);
    else for (let i = 0; i < input.length; i += size) decoder.push(input.subarray(i, i + size)).forEach(take);
    decoder.end().forEach(take);
    return count;
  };
}

const CASES = {
  predecessor: { strings: true, run: (telegrams) => withConsoleError(() => telegrams.reduce((n, t) => n + (parsePacket(t).electricity ? 1 : 0), 0)) },
  // p1-reader by a caller that keeps every reading, as a caller of one whole-file push keeps every telegram.
  predecessorHeld: {
    strings: true,
    run: (telegrams) => withConsoleError(() => telegrams.map((t) => parsePacket(t)).reduce((n, reading) => n + (reading.electricity ? 1 : 0), 0)),
  },
  single: { strings: true, run: (telegrams) => telegrams.reduce((n, t) => n + (touch(parseTelegram(t)) >= 0 ? 1 : 0), 0) },
  16: { run: pushIn(16) },
  256: { run: pushIn(256) },
  4096: { run: pushIn(4096) },
  65536: { run: pushIn(65536) },
  1048576: { run: pushIn(1 << 20) },
  // 64 KiB chunks whose caller keeps every telegram: what a whole-file push costs beyond streaming is this holding.
  held65536: { run: pushIn(65536, {}, true) },
  whole: { run: pushIn(Infinity) },
  // The same push by a caller that holds every telegram but not their objects: what it keeps is what GC copies.
  wholeLean: { run: pushIn(Infinity, { keepObjects: false }) },
  generator: {
    run: (input) => {
      let count = 0;
      for (const telegram of parseTelegrams(input, { onError: (e) => { throw e; } })) count += touch(telegram) >= 0 ? 1 : 0;
      return count;
    },
  },
};

const c = CASES[key];
let input = c.strings ? splitTelegrams(bytes) : bytes;
let warm = c.strings ? input.slice(0, 3000) : bytes.subarray(0, splitTelegrams(bytes.subarray(0, 3_000_000)).slice(0, 3000).join('').length);
for (let k = 0; k < 3; k++) c.run(warm);
const start = performance.now();
const cpu = process.cpuUsage();
const count = c.run(input);
const used = process.cpuUsage(cpu);
const result = { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, count };

if (retention) {
  // Parse a copy of the capture pushed whole, drop everything, and look at what the heap still holds.
  let copy = bytes.slice();
  const ref = new WeakRef(copy);
  let text = Buffer.from(copy).toString('latin1');
  bytes = input = warm = undefined; // the file's own bytes, so that the snapshot below shows what the parser keeps
  pushIn(Infinity)(copy);
  parseTelegram(text);
  const before = process.memoryUsage().heapUsed;
  copy = undefined;
  text = undefined;
  await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRef targets are kept until the job ends
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
  globalThis.gc();
  result.retention = { heapBefore: before, heapAfter: process.memoryUsage().heapUsed, bufferCollected: ref.deref() === undefined, largest: await largestObject() };
}
console.log(JSON.stringify(result));

/** The largest object of a heap snapshot: a parsed input kept alive would be a string of ~100 MB. */
async function largestObject() {
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += chunk;
  const snapshot = JSON.parse(json);
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  let best = { size: 0, type: '', name: '' };
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const size = snapshot.nodes[i + sizeAt];
    if (size > best.size) best = { size, type: types[snapshot.nodes[i + typeAt]], name: String(snapshot.strings[snapshot.nodes[i + nameAt]]).slice(0, 60) };
  }
  return best;
}
