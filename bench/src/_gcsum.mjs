// sums --trace-gc-nvp pauses by gc kind from stdin
import { readFileSync } from 'node:fs';
const lines = readFileSync(0, 'utf8').split('\n');
const agg = {};
for (const l of lines) {
  const m = /pause=([\d.]+).*gc=(\w+)/.exec(l) ?? /gc=(\w+).*?pause=([\d.]+)/.exec(l);
  if (!l.includes('pause=')) continue;
  const gc = /gc=(\w+)/.exec(l)[1]; const p = +/pause=([\d.]+)/.exec(l)[1];
  const promoted = +(/promoted=(\d+)/.exec(l)?.[1] ?? 0); const semi = +(/semi_space_copied=(\d+)/.exec(l)?.[1] ?? 0);
  agg[gc] ??= { n: 0, ms: 0, promotedMB: 0, copiedMB: 0 }; const a = agg[gc]; a.n++; a.ms += p; a.promotedMB += promoted / 1e6; a.copiedMB += semi / 1e6;
}
console.log(JSON.stringify(agg, (k, v) => (typeof v === 'number' ? Math.round(v) : v)));
