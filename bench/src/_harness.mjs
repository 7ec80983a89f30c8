// Usage: node harness.mjs a.mjs b.mjs ... : full parse (TelegramDecoder + touch) per bundle, alternating, median µs/telegram.
import { corpusBytes, generateTelegrams } from '/work/main/bench/src/corpus.mjs';
import { chunked, drain, touch } from '/work/main/bench/src/workload.mjs';
const kind = process.env.KIND ?? 'dsmr5';
const n = kind === 'dsmr5' ? 100000 : 20000;
const chunks = chunked(corpusBytes(generateTelegrams(kind, n, 1)));
const mods = await Promise.all(process.argv.slice(2).map((f) => import(f)));
const times = mods.map(() => []);
for (let r = 0; r < 21; r++) {
  mods.forEach((core, k) => {
    const t0 = performance.now();
    drain(new core.TelegramDecoder(), chunks, (res) => { if (res.type === 'telegram') touch(res.telegram); });
    times[k].push(((performance.now() - t0) * 1000) / n);
  });
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
process.argv.slice(2).forEach((f, k) => console.log(f.split('/').pop().padEnd(16), med(times[k]).toFixed(3), 'µs/telegram'));
