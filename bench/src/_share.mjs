import { readFileSync } from 'node:fs';
import { TelegramDecoder } from '@p1/core';
const text = readFileSync('/tmp/cap.txt').subarray(0, 2_000_000);
const rs = new TelegramDecoder().push(new Uint8Array(text)).map((r) => r.telegram.reading);
const fresh = new Map(); let total = 0;
function walk(a, b, path) {
  if (a === null || typeof a !== 'object') return;
  total++;
  if (a !== b) fresh.set(path, (fresh.get(path) ?? 0) + 1);
  for (const k of Object.keys(a)) walk(a[k], b?.[k], path + '.' + k);
}
for (let i = 1; i < rs.length; i++) walk(rs[i], rs[i - 1], 'r');
console.log('objects per reading', total / (rs.length - 1));
for (const [p, n] of fresh) console.log((n / (rs.length - 1)).toFixed(2), p);
console.log(JSON.stringify(rs[5]).slice(0, 3000));
