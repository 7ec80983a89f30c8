import { createServer } from 'node:net';
import type { Reading } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { waitFor } from '@p1/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { runP1, startP1, type Running } from './run-p1.js';

const START = '2025-01-15T06:00:00Z';

/** The readings the emulator with these options sends, as JSON would carry them. */
function emulated(count: number, options: ConstructorParameters<typeof MeterEmulator>[0]): Reading[] {
  const meter = new MeterEmulator(options);
  return Array.from({ length: count }, () => JSON.parse(JSON.stringify(expectedReading(meter.next().state))) as Reading);
}

const running: Running[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill('SIGKILL');
    await p.finished().catch(() => {});
  }
});

/** Starts `p1 serve` on a free port and resolves with its base URL once it listens. */
async function serve(args: string[]): Promise<{ p1: Running; url: string }> {
  const p1 = startP1(['serve', '--http-port', '0', ...args]);
  running.push(p1);
  await p1.waitFor(({ stderr }) => /dashboard at http:\/\/\S+/.test(stderr), 'the dashboard URL');
  return { p1, url: /dashboard at (http:\/\/\S+)/.exec(p1.stderr)![1]! };
}

/** The first `count` events of the live feed, parsed. */
async function feedEvents(url: string, count: number): Promise<{ event: string; id?: string; data: unknown }[]> {
  const response = await fetch(new URL('api/events', url));
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; id?: string; data: unknown }[] = [];
  let text = '';
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0 && events.length < count) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const field = (name: string): string | undefined => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
      if (field('event') !== undefined) events.push({ event: field('event')!, id: field('id'), data: JSON.parse(field('data')!) });
    }
  }
  await reader.cancel();
  return events;
}

describe('p1 serve', () => {
  it("feeds every reading to a live client with its sequence number, each the emulator's", async () => {
    const { url } = await serve(['--emulator', 'dsmr5', '--speed', '20', '--seed', '3', '--start', START]);
    const events = await feedEvents(url, 12);
    expect(events[0]!.event).toBe('status');
    expect(events[0]!.data).toMatchObject({ service: 'p1 serve', source: 'emulator, DSMR 5.x household, 20x', crcErrors: 0, rejected: 0 });
    const readings = events.filter((e) => e.event === 'reading').map((e) => e.data as { seq: number; time: number; profile: string; reading: Reading });
    const expected = emulated(readings.at(-1)!.seq, { profile: 'dsmr5', seed: 3, start: START, realistic: true });
    // The first is the latest at the moment of connecting; after it, every reading in order.
    readings.slice(1).forEach((r, i) => expect(r.seq).toBe(readings[0]!.seq + i + 1));
    for (const r of readings) {
      expect(r.profile).toBe('dsmr5');
      expect(r.reading).toEqual(expected[r.seq - 1]);
      expect(r.time).toBe(Date.parse(expected[r.seq - 1]!.timestamp!));
    }
  });

  it('answers /api/reading with the latest reading and /api/readings with the kept history, in columns', async () => {
    const { url } = await serve(['--emulator', 'dsmr5', '--speed', '20', '--seed', '4', '--start', START]);
    const api = (path: string): Promise<Response> => fetch(new URL(path, url));
    let latest!: Response;
    await waitFor(async () => (latest = await api('api/reading')).status !== 503, 'the first reading at /api/reading');
    const reading = (await latest.json()) as Reading;
    const index = (Date.parse(reading.timestamp!) - Date.parse(START)) / 1000;
    const expected = emulated(index + 1, { profile: 'dsmr5', seed: 4, start: START, realistic: true });
    expect(reading).toEqual(expected[index]);

    let history: { first: number; last: number; time: number[]; importKw: number[]; gasM3: number[] };
    do history = (await (await api(`api/readings?since=${encodeURIComponent(START)}`)).json()) as typeof history;
    while (history.last < 3);
    expect(history.first).toBe(1);
    expect(history.time.length).toBe(history.last);
    const all = emulated(history.last, { profile: 'dsmr5', seed: 4, start: START, realistic: true });
    expect(history.time).toEqual(all.map((r) => Date.parse(r.timestamp!)));
    expect(history.importKw).toEqual(all.map((r) => r.electricity.received.actual.reading));
    expect(history.gasM3).toEqual(all.map((r) => r.gas.reading));
    const after = (await (await api(`api/readings?after=${history.last - 2}`)).json()) as { first: number; time: number[] };
    expect(after.first).toBe(history.last - 1);
    expect(after.time.slice(0, 2)).toEqual(history.time.slice(-2));

    expect((await api('api/readings?since=yesterday')).status).toBe(400);
    expect((await api('api/nothing')).status).toBe(404);
    expect((await fetch(new URL('api/reading', url), { method: 'POST' })).status).toBe(405);
    const page = await api('');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>p1');
  });

  it('keeps at most --history readings, flat out', async () => {
    const { url } = await serve(['--emulator', 'dsmr5', '--speed', '0', '--history', '50']);
    let history: { first: number; last: number; time: number[] };
    do history = (await (await fetch(new URL('api/readings?since=0', url))).json()) as typeof history;
    while (history.last < 500);
    expect(history.time).toHaveLength(50);
    expect(history.last - history.first).toBe(49);
  });

  it('binds 127.0.0.1 and answers only requests addressed to this machine by name (no DNS rebinding)', async () => {
    const { p1, url } = await serve(['--emulator']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(p1.stderr).not.toMatch(/every device/);
    const { port } = new URL(url);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/api/status', headers: { host: `evil.example:${port}` } }, (res) => resolve(res.statusCode!)).on('error', reject).end(),
    );
    expect(status).toBe(421);
  });

  it('listens where --host says', async () => {
    const { p1, url } = await serve(['--emulator', '--host', '127.0.0.2']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
    expect((await fetch(new URL('api/status', url))).status).toBe(200);
    expect(p1.stderr).not.toMatch(/every device/);
  });

  it('stops cleanly on SIGTERM, closing the feed', async () => {
    const { p1, url } = await serve(['--emulator', 'dsmr5', '--speed', '10']);
    await feedEvents(url, 2);
    p1.child.kill('SIGTERM');
    const done = await p1.finished();
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/stopped after \d+ readings/);
  });

  it('says what is wrong: no source, a port in use, a bad flag', async () => {
    const none = await runP1(['serve']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no meter to read: give --port/);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const inUse = await runP1(['serve', '--emulator', '--http-port', String(busy)]);
    blocker.close();
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain(`cannot listen on 127.0.0.1:${busy}: port ${busy} is in use`);
    const bad = await runP1(['serve', '--emulator', '--http-port', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--http-port must be 0-65535/);
  });
});
