// A/B: line protocol for a DSMR 5 corpus with two builds of @p1/influx, alternating rounds in one process.
import { parseTelegrams } from '@p1/core';
import { corpusBytes, generateTelegrams } from './src/corpus.mjs';
const [a, b, n = '20000', rounds = '9'] = process.argv.slice(2);
const A = await import(a), B = await import(b);
const readings = [...parseTelegrams(corpusBytes(generateTelegrams('dsmr5', +n)))].map((t) => t.reading);
const times = { A: [], B: [] };
let size = 0;
for (let r = 0; r < +rounds; r++) {
  for (const [name, lib] of r % 2 ? [['B', B], ['A', A]] : [['A', A], ['B', B]]) {
    const t0 = performance.now();
    for (const reading of readings) size += lib.toLineProtocol(reading).length;
    times[name].push(readings.length / ((performance.now() - t0) / 1000));
  }
}
const med = (x) => x.sort((p, q) => p - q)[x.length >> 1];
console.log('A', Math.round(med(times.A)), 'B', Math.round(med(times.B)), 'A/B', (med(times.A) / med(times.B)).toFixed(3), size > 0);
