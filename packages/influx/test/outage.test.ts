import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createInfluxWriter, type InfluxWriter, type InfluxWriterEvent } from '../src/index.js';
import { electricityRows, gasRows } from './expected.js';
import { meterTelegrams, type MeterTelegram } from './meter.js';
import { startInfluxDB, tempDir, useServer, waitFor } from '@p1/test-kit';

const influx = useServer(startInfluxDB);
const dir = tempDir('outage');
let writer: InfluxWriter | undefined;

afterAll(async () => {
  await writer?.close(0);
});

const OUTAGE_MS = 10_500;

it('InfluxDB stopped for over 10 s mid-stream: all N readings arrive, none twice', async () => {
  const telegrams = meterTelegrams(3000);
  const events: InfluxWriterEvent[] = [];
  await influx().query('CREATE DATABASE outage');
  writer = await createInfluxWriter({
    target: { version: 1, url: influx().url, database: 'outage' },
    spoolDir: join(dir, 'spool'),
    batchSize: 100,
    batchInterval: 50,
    retryDelay: 100,
    maxRetryDelay: 1000,
    requestTimeout: 2000,
    onEvent: (event) => events.push(event),
  });
  const w = writer;
  // Ten readings at a time, as a meter sends them while the writer works (each ten share one fsync).
  const write = async (part: MeterTelegram[]): Promise<void> => {
    for (let at = 0; at < part.length; at += 10) {
      expect(await Promise.all(part.slice(at, at + 10).map((t) => w.write(t.reading)))).not.toContain(false);
    }
  };

  await write(telegrams.slice(0, 1000));
  await waitFor(() => w.stats.written >= 500, 'the first points to reach InfluxDB');

  await influx().stop();
  const stoppedAt = Date.now();
  await write(telegrams.slice(1000, 2000));
  // Once a request has failed, none is in flight: from here on nothing can be written until the server is back.
  await waitFor(() => w.lastError?.code === 'unavailable', 'the writer to notice the outage');
  const writtenBefore = w.stats.written;
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - stoppedAt)));
  expect(w.stats.written).toBe(writtenBefore);
  expect(w.stats.spooled).toBeGreaterThan(1000);
  expect(w.lastError).toMatchObject({ code: 'unavailable', message: expect.stringContaining('ECONNREFUSED') });

  await influx().start();
  await write(telegrams.slice(2000));
  expect(await w.flush(60_000)).toBe(true);

  expect(await influx().rows('SELECT * FROM electricity', 'outage')).toEqual(electricityRows(telegrams));
  expect(await influx().rows('SELECT * FROM mbus', 'outage')).toEqual(gasRows(telegrams));
  expect(w.stats).toMatchObject({ readings: 3000, failed: 0, rejected: 0, spooled: 0 });
  expect(events.map((e) => e.type)).toEqual(['error', 'recovered']);
});

it('resumes within seconds of InfluxDB coming back, however long the backoff has grown: a /ping probe while it is down', async () => {
  await influx().query('CREATE DATABASE probe');
  const telegrams = meterTelegrams(20);
  const events: InfluxWriterEvent[] = [];
  // A first retry after ten minutes: only the probe can bring delivery back within the test's wait.
  const w = await createInfluxWriter({
    target: { version: 1, url: influx().url, database: 'probe' },
    spoolDir: join(dir, 'spool-probe'),
    batchInterval: 0,
    retryDelay: 600_000,
    maxRetryDelay: 600_000,
    onEvent: (event) => events.push(event),
  });
  try {
    await influx().stop();
    for (const t of telegrams) expect(await w.write(t.reading)).toBe(true);
    await waitFor(() => w.lastError?.code === 'unavailable', 'the writer to notice the outage');
    await influx().start();
    const back = Date.now();
    await waitFor(() => w.stats.spooled === 0, 'delivery after the outage');
    console.log(`delivery resumed ${Date.now() - back} ms after InfluxDB answered again (probe every 1000 ms)`);
    expect(await influx().rows('SELECT * FROM electricity', 'probe')).toEqual(electricityRows(telegrams));
    expect(w.lastError).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'recovered', code: 'unavailable' });
  } finally {
    await w.close(0);
  }
});
