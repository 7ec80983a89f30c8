// Throughput of @p1/emulator, measured on the built package (run `pnpm build` first): telegrams per second of
// MeterEmulator.next() for every profile, and of the CLI writing a bulk capture (`--count N --stdout > file`).
// Each figure is the median of RUNS runs. Usage: node bench/emit.bench.mjs [telegrams] [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
if (!existsSync(join(dist, 'index.js'))) {
  console.error('bench: build first (pnpm --filter @p1/emulator build)');
  process.exit(1);
}
const { MeterEmulator } = await import(join(dist, 'index.js'));

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (n, ms) => Math.round((n / ms) * 1000);

function library(options, n) {
  const meter = new MeterEmulator({ start: Date.UTC(2025, 0, 1), ...options });
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) bytes += meter.next().bytes.length;
  return { ms: performance.now() - t0, bytes };
}

const cases = [
  ['seed mode (dsmr4, steady)', {}],
  ['dsmr2.2 steady', { profile: 'dsmr2.2' }],
  ['dsmr3 steady', { profile: 'dsmr3' }],
  ['dsmr5 steady', { profile: 'dsmr5' }],
  ['emucs steady', { profile: 'emucs' }],
  ['dsmr5 realistic, gas+water+heat', { profile: 'dsmr5', realistic: true, mbus: ['gas', 'water', 'heat'] }],
  ['dsmr4 with faults (all kinds)', { faults: 'crc=0.1,truncate=0.05,garbage=0.1,noise=0.001,chunks=1-64' }],
];

console.log(`@p1/emulator bench: ${N} telegrams, median of ${RUNS} runs, Node ${process.version}\n`);
console.log('MeterEmulator.next()');
for (const [name, options] of cases) {
  library(options, Math.min(N, 10_000)); // warm up
  const runs = Array.from({ length: RUNS }, () => library(options, N));
  const ms = median(runs.map((r) => r.ms));
  console.log(`  ${name.padEnd(36)} ${String(rate(N, ms)).padStart(9)} telegrams/s   ${(runs[0].bytes / N).toFixed(0)} B each`);
}

console.log(`\nCLI: node dist/cli.js --steady --count ${N} --stdout > capture.txt (whole process, startup included)`);
const dir = mkdtempSync(join(tmpdir(), 'p1-emulator-bench-'));
try {
  const times = [];
  let size = 0;
  for (let run = 0; run < RUNS; run++) {
    const file = join(dir, 'capture.txt');
    const fd = openSync(file, 'w');
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [join(dist, 'cli.js'), '--steady', '--count', String(N), '--stdout'], { stdio: ['ignore', fd, 'inherit'] });
    times.push(performance.now() - t0);
    closeSync(fd);
    if (result.status !== 0) throw new Error(`cli exited with ${result.status}`);
    const text = readFileSync(file, 'latin1');
    size = text.length;
    const telegrams = text.split('\r\n!').length - 1;
    if (telegrams !== N) throw new Error(`capture holds ${telegrams} telegrams, expected ${N}`);
  }
  const ms = median(times);
  console.log(`  ${'capture'.padEnd(36)} ${String(rate(N, ms)).padStart(9)} telegrams/s   ${(size / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
