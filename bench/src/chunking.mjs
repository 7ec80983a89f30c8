// Throughput by the way bytes arrive (issue #12): a ~100 MB DSMR 5 capture fed to TelegramDecoder in chunks of 16 B
// to the whole file in one push, and parseTelegram on each telegram, next to p1-reader 2.0.6 on the same
// telegrams. Two rows keep every result till the end, as the array one whole-file push returns keeps them: p1-reader,
// and 64 KiB chunks; they show what holding costs, and are not ranked among the ways of feeding bytes. Each pass
// runs in a fresh child process (so that no case inherits another's heap or JIT state), round-robin over the cases;
// the median of the rounds is reported. Rates and ratios are per CPU second of the child (its work, GC threads
// included), which the load of a shared machine does not skew; wall time is shown too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNodeChild } from './child.mjs';
import { corpusBytes, generateTelegrams } from './corpus.mjs';
import { dec, formatTable, int, MB, verdict } from './report.mjs';
import { median } from './timing.mjs';

const CASES = [
  ['predecessor', 'p1-reader 2.0.6 parsePacket (pre-split strings)'],
  ['predecessorHeld', 'the same, every reading kept till the end'],
  ['16', 'TelegramDecoder, 16 B chunks'],
  ['256', 'TelegramDecoder, 256 B chunks'],
  ['4096', 'TelegramDecoder, 4 KiB chunks'],
  ['65536', 'TelegramDecoder, 64 KiB chunks'],
  ['held65536', 'the same, every telegram kept till the end'],
  ['1048576', 'TelegramDecoder, 1 MiB chunks'],
  ['whole', 'TelegramDecoder, the whole file in one push'],
  ['wholeLean', 'the same push, keepObjects: false'],
  ['generator', 'parseTelegrams over the whole file (one buffer)'],
  ['single', 'parseTelegram on each telegram (pre-split strings)'],
];

export async function measureChunking(count, rounds, seed) {
  const dir = mkdtempSync(join(tmpdir(), 'p1-bench-chunking-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup);
  try {
    const bytes = corpusBytes(generateTelegrams('dsmr5', count, seed));
    const file = join(dir, 'capture.txt');
    writeFileSync(file, bytes);
    const seconds = Object.fromEntries(CASES.map(([key]) => [key, []]));
    const wall = Object.fromEntries(CASES.map(([key]) => [key, []]));
    let retention;
    for (let round = 0; round < rounds; round++) {
      for (const [key] of CASES) {
        const check = key === 'whole' && round === 0;
        const result = await runNodeChild('./chunking-child.mjs', [file, key, ...(check ? ['retention'] : [])], ['--expose-gc']);
        if (result.count !== count) throw new Error(`${key}: ${result.count} of ${count} telegrams`);
        seconds[key].push(result.cpuSeconds);
        wall[key].push(result.seconds);
        if (check) retention = result.retention;
      }
    }
    const rates = (table) => Object.fromEntries(CASES.map(([key]) => [key, count / median(table[key])]));
    return { count, size: bytes.length, rounds, rates: rates(seconds), wallRates: rates(wall), retention };
  } finally {
    cleanup();
    process.off('exit', cleanup);
  }
}

/** Rows that show what holding the results costs, beside the ways of feeding bytes: not ranked among them. */
const HOLDING = new Set(['predecessor', 'predecessorHeld', 'held65536']);

export function chunkingReport({ count, size, rounds, rates, wallRates, retention }) {
  const ours = CASES.filter(([key]) => !HOLDING.has(key));
  const best = Math.max(...ours.map(([key]) => rates[key]));
  const base = rates.predecessor;
  const rows = CASES.map(([key, label]) => [
    label,
    int(rates[key]),
    dec((rates[key] * size) / count / MB),
    key.startsWith('predecessor') ? '' : `${dec(rates[key] / best, 2)}x`,
    `${dec(rates[key] / base, 2)}x`,
    int(wallRates[key]),
  ]);
  const worst = Math.min(...ours.map(([key]) => rates[key] / best));
  const whole = rates.whole / base;
  const lines = [
    `Throughput by the way bytes arrive: DSMR 5 capture, ${int(count)} telegrams, ${dec(size / MB)} MB; each pass in a fresh child ` +
      `process, round-robin, median of ${rounds} rounds; per CPU second of the child (wall-clock rate in the last column)`,
    formatTable(['how the bytes arrive', 'telegrams/s', 'MB/s', 'vs best', 'vs p1-reader', 'wall telegrams/s'], rows),
    `slowest / best          = ${dec(worst, 2)}x  target >= 0.5x  ${verdict(worst >= 0.5)}`,
    `whole file / p1-reader  = ${dec(whole, 2)}x  target >= 4x    ${verdict(whole >= 4)}`,
    `whole file / 64 KiB chunks with every telegram kept = ${dec(rates.whole / rates.held65536, 2)}x, / p1-reader keeping every ` +
      `reading = ${dec(rates.whole / rates.predecessorHeld, 2)}x (what a whole-file push costs is holding its results, not how the bytes arrive)`,
  ];
  if (retention) {
    const kept = (retention.heapAfter - retention.heapBefore) / MB;
    lines.push(
      `after parsing a ${dec(size / MB)} MB buffer (one push, and parseTelegram on it as a string) and dropping it: heapUsed after gc ` +
        `${dec(retention.heapAfter / MB)} MB, input buffer collected: ${retention.bufferCollected ? 'yes' : 'NO'}, largest object in a heap ` +
        `snapshot: ${int(retention.largest.size)} B (${retention.largest.type} ${JSON.stringify(retention.largest.name)})  ` +
        `${verdict(retention.bufferCollected && retention.largest.size < MB)}`,
    );
    if (kept > 0) lines.push(`(heapUsed before dropping it: ${dec(retention.heapBefore / MB)} MB)`);
  }
  return lines.join('\n');
}
