// What holding 110,000 parsed telegrams costs V8 by itself: objects shaped like a parsed DSMR 5 telegram's
// (a 936-char frame, ~12 new 9-word class instances, ~21 small literals, ~11 slices, ~8 heap numbers, a 36-slot array).
class Obj { constructor(a, b, c, d, e, f) { this.a = a; this.b = b; this.c = c; this.d = d; this.e = e; this.f = f; } }
const shared = Array.from({ length: 25 }, (_, i) => new Obj(i, i, i, i, i, i));
const base = 'x'.repeat(935);
const n = +(process.argv[2] ?? 110000), retain = process.argv[3] !== 'drop';
const cpu = process.cpuUsage();
const held = [];
let sink = 0;
for (let t = 0; t < n; t++) {
  const raw = base + String.fromCharCode(65 + (t % 26));
  const objects = shared.slice(0, 24);
  for (let i = 0; i < 12; i++) objects.push(new Obj(raw.slice(i * 50, i * 50 + 30), t + i / 7, 'kWh', null, t, i + 0.5));
  let reading = { t: t + 0.25 };
  for (let i = 0; i < 20; i++) reading = { reading: reading, unit: i * 1.5 + t, x: null };
  const telegram = { raw, objects, reading, crc: { expected: t, actual: t } };
  if (retain) held.push(telegram); else { held[t % 100] = telegram; sink += telegram.objects.length; }
}
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ retain, cpuSeconds: (used.user + used.system) / 1e6, held: held.length, sink }));
if (retain && globalThis.gc) { const b = process.memoryUsage().heapUsed; held.length = 0; globalThis.gc(); console.log('bytes per telegram', ((b - process.memoryUsage().heapUsed) / n).toFixed(0)); }
