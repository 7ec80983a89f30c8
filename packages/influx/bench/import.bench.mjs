// importCapture throughput over the built dist: a capture file -> line protocol (the figure, >= 50k
// telegrams/s wanted), and a capture file -> a writer's durable spool (fsync per chunk). Median of several rounds.
// Run: pnpm --filter @p1/influx build && pnpm --filter @p1/influx bench   (BENCH_TELEGRAMS, BENCH_ROUNDS to change)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc16, latin1, latin1Bytes } from '@p1/core';
import { createInfluxWriter, importCapture } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const TELEGRAMS = Number(process.env.BENCH_TELEGRAMS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FIXTURES = ['dsmr5-iskra-am550-three-phase', 'emucs14-siconia-s211-single-phase'];

/** The fixture re-stamped one second apart (and re-sealed), so every telegram is a distinct point. */
function capture(name, count) {
  const text = latin1(readFileSync(join(here, '../../../fixtures/telegrams', `${name}.txt`)));
  const body = text.slice(0, text.lastIndexOf('!') + 1);
  const start = Date.UTC(2025, 0, 15) / 1000;
  const parts = [];
  for (let i = 0; i < count; i++) {
    const local = new Date((start + i + 3600) * 1000).toISOString().replace(/\D/g, '').slice(2, 14);
    const stamped = body.replace(/0-0:1\.0\.0\(\d{12}[SW]\)/, `0-0:1.0.0(${local}W)`);
    parts.push(`${stamped}${crc16(latin1Bytes(stamped)).toString(16).toUpperCase().padStart(4, '0')}\r\n`);
  }
  return Buffer.from(parts.join(''), 'latin1');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function rounds(run) {
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    const result = await run();
    if (result.telegrams !== TELEGRAMS) throw new Error(`expected ${TELEGRAMS} telegrams, got ${result.telegrams}`);
    rates.push(result.rate);
  }
  return rates;
}

const dir = mkdtempSync(join(tmpdir(), 'p1-influx-bench-'));
try {
  console.log(`importCapture, ${TELEGRAMS} telegrams per round, median of ${ROUNDS} rounds (node ${process.version})`);
  for (const name of FIXTURES) {
    const file = join(dir, `${name}.p1`);
    const bytes = capture(name, TELEGRAMS);
    writeFileSync(file, bytes);
    const mb = bytes.length / 1024 / 1024;

    let lineBytes = 0;
    const toLines = await rounds(() => importCapture(file, { to: (lines) => void (lineBytes += lines.length) }));

    const toSpool = await rounds(async () => {
      const spoolDir = mkdtempSync(join(dir, 'spool-'));
      // Nothing is sent: the port is closed and the batch interval outlasts the round; this measures the spool.
      const writer = await createInfluxWriter({
        target: { version: 1, url: 'http://127.0.0.1:9', database: 'bench' },
        spoolDir,
        spoolMaxBytes: 2 ** 40,
        batchSize: 2 ** 30,
        batchInterval: 3_600_000,
        onEvent: () => {},
      });
      const result = await importCapture(file, { to: writer });
      await writer.close(0);
      rmSync(spoolDir, { recursive: true, force: true });
      return result;
    });

    const fmt = (rates) => `${Math.round(median(rates)).toLocaleString('en')} telegrams/s (${rates.map((r) => Math.round(r / 1000)).join(', ')} k)`;
    console.log(`${name} (${(bytes.length / TELEGRAMS).toFixed(0)} B/telegram, ${mb.toFixed(0)} MiB)`);
    console.log(`  file -> line protocol: ${fmt(toLines)}`);
    console.log(`  file -> spool (fsync): ${fmt(toSpool)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
