import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Reading } from '@p1/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUICK, startRecorder, type Recorder } from './http-recorder.js';
import { meterTelegrams } from './meter.js';
import { createInfluxWriter, type InfluxWriter, type InfluxWriterEvent, type InfluxWriterOptions } from '../src/influx-writer.js';
import { toLineProtocol } from '../src/to-line-protocol.js';
import { freePort, waitFor } from '@p1/test-kit';

let server: Recorder;
let spoolDir: string;
let writers: InfluxWriter[];
let events: InfluxWriterEvent[];

beforeEach(async () => {
  server = await startRecorder();
  spoolDir = mkdtempSync(join(tmpdir(), 'p1-writer-'));
  writers = [];
  events = [];
});
afterEach(async () => {
  for (const writer of writers) await writer.close(0);
  await server.close();
  rmSync(spoolDir, { recursive: true, force: true });
});

/** A writer to the recorder: small batches, quick retries, events collected. */
async function writer(options: Partial<InfluxWriterOptions> = {}): Promise<InfluxWriter> {
  const w = await createInfluxWriter({
    target: { version: 1, url: server.url, database: 'p1' },
    spoolDir,
    ...QUICK,
    onEvent: (event) => events.push(event),
    ...options,
  });
  writers.push(w);
  return w;
}

const readings = (count: number, from = 0): Reading[] => meterTelegrams(count, {}, from).map((t) => t.reading);
/** The lines the `full` schema makes of readings, gas once per capture as the writer sends it. */
const expectedLines = (rs: Reading[]): string[] => [...new Set(rs.flatMap((r) => toLineProtocol(r).split('\n').slice(0, -1)))];
const sorted = (lines: string[]): string[] => [...lines].sort();

describe('requests', () => {
  it('3.x: POST /api/v3/write_lp?db=..&precision=second, Bearer token, gzip, the exact lines', async () => {
    const w = await writer({
      target: { version: 3, url: `${server.url}/prefix/`, database: 'home', token: 'apiv3_secret' },
      // Nothing goes before flush(), however slowly the machine writes: one request holds all three readings.
      batchInterval: 100_000,
    });
    const rs = readings(3);
    for (const r of rs) await w.write(r);
    expect(await w.flush()).toBe(true);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/prefix/api/v3/write_lp?db=home&precision=second' });
    expect(request!.headers).toMatchObject({
      authorization: 'Bearer apiv3_secret',
      'content-encoding': 'gzip',
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(request!.body).toBe(`${expectedLines(rs).join('\n')}\n`);
  });

  it('2.x: POST /api/v2/write?org=..&bucket=..&precision=s with a Token', async () => {
    const w = await writer({ target: { version: 2, url: server.url, org: 'my org', bucket: 'p1/raw', token: 't0ken' } });
    await w.write(readings(1)[0]!);
    await w.flush();
    expect(server.requests[0]).toMatchObject({ url: '/api/v2/write?org=my+org&bucket=p1%2Fraw&precision=s' });
    expect(server.requests[0]!.headers.authorization).toBe('Token t0ken');
  });

  it('1.x: POST /write?db=..&rp=..&precision=s with HTTP Basic, never credentials in the URL', async () => {
    const w = await writer({
      target: { version: 1, url: server.url, database: 'p1', retentionPolicy: 'year', username: 'meter', password: 'pa:ss' },
      gzip: false,
    });
    await w.write(readings(1)[0]!);
    await w.flush();
    expect(server.requests[0]).toMatchObject({ url: '/write?db=p1&rp=year&precision=s' });
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('meter:pa:ss').toString('base64')}`);
    expect(server.requests[0]!.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    [{ version: 4, url: 'http://x', database: 'p1' }, /version must be 1, 2 or 3/],
    [{ version: 1, url: 'http://x' }, /target.database is required/],
    [{ version: 2, url: 'http://x', org: 'o' }, /target.bucket is required/],
    [{ version: 1, url: 'ftp://x', database: 'p1' }, /must be http: or https:/],
    [{ version: 1, url: 'not a url', database: 'p1' }, /not a URL/],
    [{ version: 1, url: 'http://u:hunter2@x', database: 'p1' }, /holds credentials/],
    [{ version: 1, url: 'http://x', database: 'p1', password: 'hunter2' }, /password needs target.username/],
  ])('refuses target %j', async (target, message) => {
    const error = await writer({ target: target as never }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-option', message: expect.stringMatching(message) });
    expect(String(error)).not.toContain('hunter2');
  });

  it.each([{ batchSize: 0 }, { batchInterval: -1 }, { retryDelay: 1.5 }, { spoolMaxBytes: 10 }, { spoolDir: '' }, { schema: 'x' as never }])(
    'refuses options %j',
    async (options) => {
      await expect(writer(options)).rejects.toMatchObject({ code: 'invalid-option' });
    },
  );
});

describe('batching', () => {
  it('sends full batches at once and the rest after the interval, all lines exactly once', async () => {
    const w = await writer({ batchSize: 40, batchInterval: 100_000 });
    const rs = readings(100);
    await Promise.all(rs.map((r) => w.write(r)));
    await waitFor(() => server.requests.length >= 2, 'two full batches');
    expect(server.requests.slice(0, 2).map((r) => r.body.split('\n').length - 1)).toEqual([40, 40]);
    expect(await w.flush()).toBe(true);
    expect(sorted(server.accepted())).toEqual(sorted(expectedLines(rs)));
    expect(w.stats).toMatchObject({ readings: 100, taken: 101, written: 101, spooled: 0, failed: 0 });
  });

  it('sends a partial batch once the interval has passed, without flush()', async () => {
    const w = await writer({ batchSize: 1000, batchInterval: 50 });
    await w.write(readings(1)[0]!);
    await waitFor(() => w.stats.written === 2, 'the interval batch');
  });
});

describe('faults', () => {
  it('retries 5xx with backoff until the server takes the batch; reports once, then the recovery', async () => {
    let failures = 4;
    server.answer = () => (failures-- > 0 ? { status: 503, body: '{"error":"overloaded"}' } : { status: 204 });
    const w = await writer();
    const rs = readings(10);
    for (const r of rs) await w.write(r);
    expect(await w.flush()).toBe(true);
    expect(sorted(server.accepted())).toEqual(sorted(expectedLines(rs)));
    expect(w.stats.retries).toBe(4);
    expect(events.map((e) => e.type)).toEqual(['error', 'recovered']);
    expect(events[0]).toMatchObject({ error: { code: 'unavailable', status: 503, message: expect.stringContaining('"overloaded"') } });
  });

  it('honours Retry-After on 429', async () => {
    let first = true;
    server.answer = () => (first ? ((first = false), { status: 429, headers: { 'retry-after': '0' } }) : { status: 204 });
    const w = await writer({ retryDelay: 60_000, maxRetryDelay: 60_000 });
    await w.write(readings(1)[0]!);
    expect(await w.flush(10_000)).toBe(true);
  });

  it('splits a batch the server finds too large (413) until it fits', async () => {
    server.answer = (r) => (r.body.split('\n').length - 1 > 10 ? { status: 413 } : { status: 204 });
    const w = await writer();
    const rs = readings(30);
    for (const r of rs) await w.write(r);
    expect(await w.flush()).toBe(true);
    expect(sorted(server.accepted())).toEqual(sorted(expectedLines(rs)));
  });

  it('sets aside a batch the server refuses (400) in rejected.lp and goes on with the next', async () => {
    server.answer = (r) => (r.body.includes('energy_import_t1=1000.001,') ? { status: 400, body: '{"error":"field type conflict"}' } : { status: 204 });
    const w = await writer({ batchSize: 1 });
    const rs = readings(3);
    for (const r of rs) await w.write(r);
    expect(await w.flush()).toBe(true);
    const refused = readFileSync(join(spoolDir, 'rejected.lp'), 'utf8');
    expect(refused).toContain('energy_import_t1=1000.001,');
    expect(w.stats).toMatchObject({ rejected: 1, written: 3 });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ error: { code: 'rejected', message: expect.stringContaining('field type conflict') } });
  });

  it('401: says so once, waits the longest delay between tries, keeps the points, sends them once fixed', async () => {
    let authorized = false;
    server.answer = () => (authorized ? { status: 204 } : { status: 401, body: '{"error":"authorization failed"}' });
    const w = await writer({ maxRetryDelay: 200 });
    const rs = readings(5);
    for (const r of rs) await w.write(r);
    await waitFor(() => server.requests.length >= 3, 'three tries');
    expect(w.stats).toMatchObject({ written: 0, spooled: 6 });
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(w.lastError).toMatchObject({ code: 'unauthorized', status: 401 });
    authorized = true;
    expect(await w.flush()).toBe(true);
    expect(sorted(server.accepted())).toEqual(sorted(expectedLines(rs)));
    expect(events.at(-1)).toMatchObject({ type: 'recovered', code: 'unauthorized' });
  });

  it('times out a request that hangs and retries it', async () => {
    let hung = false;
    server.answer = () => (hung ? { status: 204 } : ((hung = true), 'hang'));
    const w = await writer({ requestTimeout: 100 });
    await w.write(readings(1)[0]!);
    expect(await w.flush()).toBe(true);
    expect(events[0]).toMatchObject({ type: 'error', error: { code: 'unavailable', message: expect.stringContaining('timeout') } });
  });

  it('never lets a password or token reach a message, an event or an inspected error', async () => {
    const secrets = ['s3cr3t-passw0rd', 'tok-XYZ-123', Buffer.from('meter:s3cr3t-passw0rd').toString('base64')];
    // A server that echoes the credentials back in its error, as a careless proxy might.
    server.answer = (r) => ({ status: 401, body: JSON.stringify({ error: `bad ${r.headers.authorization}` }) });
    const seen: string[] = [];
    const collect = (e: InfluxWriterEvent) => seen.push(JSON.stringify(e), inspect(e, { depth: 10 }), 'error' in e ? String(e.error.stack) : '');
    for (const target of [
      { version: 1 as const, url: server.url, database: 'p1', username: 'meter', password: secrets[0]! },
      { version: 2 as const, url: server.url, org: 'o', bucket: 'b', token: secrets[1]! },
      { version: 3 as const, url: server.url, database: 'p1', token: secrets[1]! },
    ]) {
      const dir = mkdtempSync(join(tmpdir(), 'p1-secret-'));
      const w = await createInfluxWriter({ target, spoolDir: dir, batchInterval: 0, retryDelay: 10, maxRetryDelay: 10, onEvent: collect });
      await w.write(readings(1)[0]!);
      expect(await w.flush(300)).toBe(false);
      seen.push(inspect(w, { depth: 10 }), JSON.stringify(w.lastError), String(w.lastError?.stack));
      await w.close(0);
      rmSync(dir, { recursive: true, force: true });
    }
    // And the network path: a connection refused.
    const dir = mkdtempSync(join(tmpdir(), 'p1-secret-'));
    const w = await createInfluxWriter({
      target: { version: 2, url: `http://127.0.0.1:${await freePort()}`, org: 'o', bucket: 'b', token: secrets[1]! },
      spoolDir: dir,
      batchInterval: 0,
      onEvent: collect,
    });
    await w.write(readings(1)[0]!);
    await waitFor(() => w.lastError !== null, 'a connection error');
    await w.close(0);
    rmSync(dir, { recursive: true, force: true });

    expect(seen.join('\n')).toContain('***');
    expect(seen.join('\n')).toContain('ECONNREFUSED');
    for (const secret of secrets) expect(seen.join('\n')).not.toContain(secret);
  });
});

describe('durability', () => {
  it('keeps what the server did not take when closed, and sends it first on the next start', async () => {
    server.answer = () => ({ status: 503 });
    const first = await writer();
    const rs = readings(20);
    for (const r of rs) expect(await first.write(r)).toBe(true);
    const stats = await first.close(100);
    expect(stats).toMatchObject({ taken: 21, written: 0, spooled: 21 });
    expect(await first.flush()).toBe(false);

    server.answer = () => ({ status: 204 });
    const second = await writer();
    expect(events.find((e) => e.type === 'replay')).toEqual({ type: 'replay', spooled: 21 });
    expect(await second.flush()).toBe(true);
    expect(sorted(server.accepted())).toEqual(sorted(expectedLines(rs)));
  });

  it('keeps the newest points in memory once the spool is full, drops the oldest past the bound, and spools again once it drains', async () => {
    server.answer = () => ({ status: 503 });
    const w = await writer({ spoolMaxBytes: 4096, memoryBuffer: 10, batchInterval: 100_000 });
    const rs = readings(20);
    const results: boolean[] = [];
    for (const r of rs) results.push(await w.write(r));
    // Taken: on disk while the spool had room, in memory after.
    expect(results).not.toContain(false);
    const full = events.filter((e) => e.type === 'error' && e.error.code === 'spool-full');
    expect(full).toHaveLength(1);
    expect(full[0]).toMatchObject({ error: { message: expect.stringMatching(/^spool full: /) } });
    const notices = events.flatMap((e) => (e.type === 'notice' ? [e.message] : []));
    expect(notices).toEqual([
      'keeping the newest 10 points in memory until the spool takes points again',
      'the memory buffer is full (10 points): dropping the oldest points',
    ]);
    const { spooled, buffered, dropped } = w.stats;
    expect(buffered).toBe(10);
    expect(dropped).toBeGreaterThan(0);
    expect(w.stats.failed).toBe(0);

    server.answer = () => ({ status: 204 });
    expect(await w.flush()).toBe(true);
    expect(w.stats).toMatchObject({ written: spooled + buffered, spooled: 0, buffered: 0, dropped });
    // What was dropped is exactly the oldest of what came after the spool was full: the rest all arrived once.
    const all = expectedLines(rs);
    expect(server.accepted()).toHaveLength(all.length - dropped);
    expect(new Set(server.accepted()).size).toBe(all.length - dropped);
    expect(server.accepted().slice(-10)).toEqual(all.slice(-10));
    // The spool is asked again at most once a second while it refuses: new readings go to it once it takes them.
    let next = 100;
    await waitFor(async () => (await w.write(readings(1, next++)[0]!)) && events.some((e) => e.type === 'recovered' && e.code === 'spool-full'), 'the spool to take points again');
    expect(events.some((e) => e.type === 'notice' && /^the spool takes points again: .*; \d+ of the oldest were dropped while it could not$/.test(e.message))).toBe(true);
    expect(await w.flush()).toBe(true);
    // Exact: every point taken was written or dropped (more were dropped while the test wrote every few ms).
    expect(w.stats).toMatchObject({ buffered: 0, spooled: 0, rejected: 0, failed: 0 });
    expect(w.stats.written).toBe(w.stats.taken - w.stats.dropped);
  });

  it('with the memory buffer off, refuses readings the spool cannot take', async () => {
    server.answer = () => ({ status: 503 });
    const w = await writer({ spoolMaxBytes: 4096, memoryBuffer: 0, batchInterval: 100_000 });
    const results: boolean[] = [];
    for (const r of readings(20)) results.push(await w.write(r));
    expect(results.slice(0, 3)).toEqual([true, true, true]);
    expect(results.at(-1)).toBe(false);
    expect(w.stats.failed).toBeGreaterThan(0);
  });

  it('takes nothing after close() and never throws on bad input', async () => {
    const w = await writer();
    expect(await w.write(null as unknown as Reading)).toBe(false);
    expect(await w.write(7 as unknown as Reading)).toBe(false);
    await w.close();
    expect(await w.write(readings(1)[0]!)).toBe(false);
    expect(events.map((e) => e.type === 'error' && e.error.code)).toEqual(['invalid-reading', 'invalid-reading', 'closed']);
    expect(w.lastError).toBeNull();
    expect(w.stats.failed).toBe(2);
    expect(existsSync(join(spoolDir, 'lock'))).toBe(false);
  });

  it('writes averaged points held in an open window on close()', async () => {
    const w = await writer({ thinning: { average: 60 } });
    for (const r of readings(30)) await w.write(r);
    await w.close();
    expect(server.accepted().filter((l) => l.startsWith('electricity,'))).toHaveLength(1);
  });
});
