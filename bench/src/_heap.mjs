import { readFileSync } from 'node:fs';
import { getHeapSnapshot } from 'node:v8';
import { TelegramDecoder } from '@p1/core';
import { touch } from './workload.mjs';
const all = new Uint8Array(readFileSync('/tmp/cap.txt'));
const text = Buffer.from(all).toString('latin1');
let n = 0, end = 0; for (let i = 0; i < 20000; i++) { end = text.indexOf('\r\n/', end) + 2; }
const bytes = all.slice(0, end);
globalThis.gc();
const base = process.memoryUsage().heapUsed;
const results = new TelegramDecoder().push(bytes);
results.forEach((r) => touch(r.telegram));
globalThis.gc();
console.log('count', results.length, 'bytes/telegram', (process.memoryUsage().heapUsed - base) / results.length);
let json = ''; for await (const c of getHeapSnapshot()) json += c;
const s = JSON.parse(json); const f = s.snapshot.meta.node_fields; const types = s.snapshot.meta.node_types[0];
const [ti, ni, si] = ['type', 'name', 'self_size'].map((x) => f.indexOf(x));
const agg = new Map();
for (let i = 0; i < s.nodes.length; i += f.length) {
  const k = types[s.nodes[i + ti]] + ' ' + String(s.strings[s.nodes[i + ni]]).slice(0, 40);
  const a = agg.get(k) ?? [0, 0]; a[0]++; a[1] += s.nodes[i + si]; agg.set(k, a);
}
[...agg].sort((a, b) => b[1][1] - a[1][1]).slice(0, 30).forEach(([k, [c, sz]]) => console.log((sz / results.length).toFixed(0).padStart(6), (c / results.length).toFixed(2).padStart(7), k));
