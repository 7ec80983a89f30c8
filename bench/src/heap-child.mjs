// Child process (node --expose-gc): heap kept per parsed Telegram. Argv: count seed. Prints JSON.
// The input is made first and held as bytes (outside the JS heap), so the heap growth is the telegrams alone.
import { TelegramDecoder } from '@p1/core';
import { corpusBytes, generateTelegrams } from './corpus.mjs';
import { liveHeapUsed } from './live-heap.mjs';
import { chunked, drain, touch } from './workload.mjs';

const [count, seed] = process.argv.slice(2).map(Number);
const chunks = chunked(corpusBytes(generateTelegrams('dsmr5', count, seed)));

const before = await liveHeapUsed();
const kept = [];
drain(new TelegramDecoder(), chunks, (result) => {
  if (result.type === 'telegram') kept.push(result.telegram);
});
const asParsed = await liveHeapUsed();
// Second measurement: what the telegrams hold once a consumer has read them (lazy parts, if any, now exist).
let touched = 0;
for (const telegram of kept) touched += touch(telegram);
const accessed = await liveHeapUsed();

const rawChars = kept.reduce((sum, telegram) => sum + telegram.raw.length, 0);
kept.length = 0;

// Third measurement: a caller that opted out of raw and objects (the "only if the caller opts out"): the
// telegrams keep their reading, issues and CRC result.
const beforeLean = await liveHeapUsed();
const lean = [];
drain(new TelegramDecoder({ keepRaw: false, keepObjects: false }), chunks, (result) => {
  if (result.type === 'telegram') lean.push(result.telegram);
});
for (const telegram of lean) touched += touch(telegram);
const optedOut = await liveHeapUsed();

console.log(
  JSON.stringify({ count: lean.length, asParsed: asParsed - before, accessed: accessed - before, optedOut: optedOut - beforeLean, rawChars, touched }),
);
