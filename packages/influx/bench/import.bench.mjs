// importCapture throughput over the built dist: a capture file -> line protocol, a capture file -> a writer's durable
// spool (fsync per chunk), and a capture file -> a local InfluxDB 1.x through createLineSender (what `p1 import`
// does; >= 50k telegrams/s wanted), with the CPU seconds each side spent. Median of several rounds.
// Run: pnpm --filter @p1/influx build && pnpm --filter @p1/influx bench   (BENCH_TELEGRAMS, BENCH_ROUNDS to change)
// The InfluxDB round needs `influxd` (Debian package influxdb); without it that round is left out, said so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc16, latin1, latin1Bytes } from '@p1/core';
import { createInfluxWriter, createLineSender, importCapture } from '../dist/index.js';

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

/** A free loopback port. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * InfluxDB's data settings for a bulk load: its in-memory cache snapshotted to disk at 512 MB instead of 25 MB.
 * With the default, wide DSMR 5 points make influxd snapshot every few batches and hold the writes meanwhile, so
 * the import waits on it; the bench measures both, to show which side limits.
 */
const BULK_LOAD = ['  cache-snapshot-memory-size = "512m"', '  cache-max-memory-size = "2g"'];

/** influxd on loopback with its data in `dir` (the test-kit's config, which is TypeScript and needs vitest). */
async function startInfluxd(dir, data = []) {
  if (spawnSync('influxd', ['version']).error) return null;
  const [http, rpc] = [await freePort(), await freePort()];
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'influxdb.conf');
  writeFileSync(config, [
    'reporting-disabled = true', `bind-address = "127.0.0.1:${rpc}"`,
    '[meta]', `  dir = "${join(dir, 'meta')}"`,
    '[data]', `  dir = "${join(dir, 'data')}"`, `  wal-dir = "${join(dir, 'wal')}"`, '  query-log-enabled = false', ...data,
    '[monitor]', '  store-enabled = false',
    '[http]', `  bind-address = "127.0.0.1:${http}"`, '  log-enabled = false', '',
  ].join('\n'));
  const child = spawn('influxd', ['run', '-config', config], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${http}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/ping`).then((r) => r.ok, () => false)) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('influxd did not start within 30 s');
}

/** A process's CPU seconds (user + system) from /proc. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const dir = mkdtempSync(join(tmpdir(), 'p1-influx-bench-'));
const servers = [
  ['InfluxDB 1.x, default settings', await startInfluxd(join(dir, 'default'))],
  ['InfluxDB 1.x, bulk-load cache settings', await startInfluxd(join(dir, 'bulk'), BULK_LOAD)],
];
let databases = 0;
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

    const toInflux = async (influxd) => {
      const cpu = [];
      const rates = await rounds(async () => {
        const db = `bench${++databases}`;
        await fetch(`${influxd.url}/query?${new URLSearchParams({ q: `CREATE DATABASE ${db}` })}`, { method: 'POST' });
        const [ours, theirs] = [process.cpuUsage(), cpuSeconds(influxd.child.pid)];
        // As `p1 import` sends to a server on this machine: uncompressed, two batches in flight.
        const started = performance.now();
        const sender = createLineSender({ target: { version: 1, url: influxd.url, database: db }, gzip: false });
        const result = await importCapture(file, { to: (lines) => sender.send(lines) });
        const stats = await sender.close();
        const elapsed = performance.now() - started;
        if (stats.written !== result.points) throw new Error(`${result.points} points made, ${stats.written} written`);
        const used = process.cpuUsage(ours);
        cpu.push([(used.user + used.system) / 1e6, cpuSeconds(influxd.child.pid) - theirs]);
        // The rate counts until the server acknowledged the last batch.
        return { ...result, rate: (result.telegrams * 1000) / Math.max(elapsed, 1) };
      });
      const median = (i) => [...cpu.map((c) => c[i])].sort((a, b) => a - b)[Math.floor(cpu.length / 2)].toFixed(2);
      return { rates, cpu: `CPU s per round: p1 ${median(0)}, influxd ${median(1)}` };
    };

    const fmt = (rates) => `${Math.round(median(rates)).toLocaleString('en')} telegrams/s (${rates.map((r) => Math.round(r / 1000)).join(', ')} k)`;
    console.log(`${name} (${(bytes.length / TELEGRAMS).toFixed(0)} B/telegram, ${mb.toFixed(0)} MiB)`);
    console.log(`  file -> line protocol: ${fmt(toLines)}`);
    console.log(`  file -> spool (fsync): ${fmt(toSpool)}`);
    for (const [label, influxd] of servers) {
      if (influxd === null) console.log(`  file -> ${label}: left out, influxd is not installed (apt-get install influxdb)`);
      else {
        const { rates, cpu } = await toInflux(influxd);
        console.log(`  file -> ${label} (local, p1 import's way): ${fmt(rates)}; ${cpu}`);
      }
    }
  }
} finally {
  for (const [, influxd] of servers) influxd?.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
