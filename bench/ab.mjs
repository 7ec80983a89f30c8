// A/B: full parse of one corpus with two builds of @p1/core, alternating rounds in one process.
import { generateTelegrams, corpusBytes } from './src/corpus.mjs';
import { chunked, drain, touch } from './src/workload.mjs';
const [a, b, kind = 'dsmr5', n = '40000', rounds = '9'] = process.argv.slice(2);
const A = await import(a), B = await import(b);
const chunks = chunked(corpusBytes(generateTelegrams(kind, +n)));
const times = { A: [], B: [] };
for (let r = 0; r < +rounds; r++) {
  for (const [name, lib] of r % 2 ? [['B', B], ['A', A]] : [['A', A], ['B', B]]) {
    const d = new lib.TelegramDecoder();
    const t0 = performance.now();
    let k = 0;
    drain(d, chunks, (res) => { if (res.telegram) { touch(res.telegram); k++; } });
    times[name].push(k / ((performance.now() - t0) / 1000));
  }
}
const med = (x) => x.sort((p, q) => p - q)[x.length >> 1];
console.log(kind, 'A', Math.round(med(times.A)), 'B', Math.round(med(times.B)), 'A/B', (med(times.A) / med(times.B)).toFixed(3));
