// The dashboard's figures (issue #18), printed as medians of rounds in one run:
//   1. a 24-hour DSMR 5 capture (86,400 telegrams) dropped on the page: parse + chart time in Chromium;
//   2. frames per second while the live chart follows a --speed 60 emulator through p1 serve;
//   3. p1 serve at --speed 0: readings/s delivered to 0, 1 and 10 SSE clients, and its RSS over time.
// Options (environment): P1_BENCH_ROUNDS (default 5), P1_BENCH_SECONDS (seconds per timed window, default 20).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramDecoder } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { launchChromium, newContext } from '../test/chromium.js';
import { startServe, type P1Serve } from '../test/p1-serve.js';

const ROUNDS = Number(process.env.P1_BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.P1_BENCH_SECONDS ?? 20);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const log = (line = ''): void => void process.stdout.write(`${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'p1-web-bench-'));

beforeAll(async () => {
  browser = await launchChromium();
  log(`\n@p1/web dashboard bench: Chromium ${browser.version()}, ${ROUNDS} rounds, ${SECONDS} s windows`);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('1. a 24-hour DSMR 5 capture dropped on the page: parse + chart', async () => {
  const meter = new MeterEmulator({ profile: 'dsmr5', realistic: true, seed: 1, start: '2025-06-21T00:00:00+02:00' });
  const path = join(dir, 'day-dsmr5.txt');
  writeFileSync(path, Buffer.concat(Array.from({ length: 86_400 }, () => meter.next().bytes)));
  const mb = statSync(path).size / 1e6;
  const serve = await startServe(['--emulator', 'dsmr5']);
  const rounds: { parse: number; total: number; points: string; node: number }[] = [];
  const bytes = readFileSync(path);
  // The same work in this Node process, in the same rounds: @p1/core's decoder and every reading read. The ratio to
  // it tells what the page adds, whatever else the machine is doing.
  const nodeParse = (): number => {
    const started = performance.now();
    const decoder = new TelegramDecoder();
    let telegrams = 0;
    for (let i = 0; i < bytes.length; i += 65_536) {
      for (const r of decoder.push(bytes.subarray(i, i + 65_536))) if (r.type === 'telegram' && r.telegram.reading.timestamp !== null) telegrams++;
    }
    if (telegrams !== 86_400) throw new Error(`core read ${telegrams} telegrams of 86,400`);
    return performance.now() - started;
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const node = nodeParse();
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(serve.url);
      await page.waitForSelector('body[data-source="server"]');
      await page.setInputFiles('#file-input', path);
      await page.waitForFunction(() => performance.getEntriesByName('p1-file-charted').length > 0, undefined, { timeout: 300_000 });
      const [parse, total] = await page.evaluate(() => [
        performance.measure('parse', 'p1-file-start', 'p1-file-parsed').duration,
        performance.measure('total', 'p1-file-start', 'p1-file-charted').duration,
      ]);
      rounds.push({ parse: parse!, total: total!, node, points: (await page.locator('#power-chart').getAttribute('data-points')) ?? '' });
      await context.close();
    }
  } finally {
    await serve.stop();
  }
  const total = median(rounds.map((r) => r.total));
  log(`\n1. capture file: 86,400 DSMR 5 telegrams, ${fmt(mb, 1)} MB, chart points ${rounds[0]!.points}`);
  log(`   parse in the worker (median)      ${fmt(median(rounds.map((r) => r.parse)))} ms   rounds: ${rounds.map((r) => fmt(r.parse)).join(', ')}`);
  log(`   parse + chart drawn (median)      ${fmt(total)} ms   rounds: ${rounds.map((r) => fmt(r.total)).join(', ')}`);
  const node = median(rounds.map((r) => r.node));
  log(`   same file, @p1/core in Node       ${fmt(node)} ms   rounds: ${rounds.map((r) => fmt(r.node)).join(', ')}   page / Node: ${fmt(total / node, 2)}x`);
  log(`   throughput                        ${fmt(86_400 / (total / 1000))} telegrams/s, ${fmt(mb / (total / 1000), 1)} MB/s   target < 3000 ms: ${total < 3000 ? 'PASS' : 'FAIL'}`);
});

/** Frames drawn over `seconds` in the page, and the gaps between them. */
function measureFrames(page: Page, seconds: number) {
  return page.evaluate(async (ms) => {
    const gaps: number[] = [];
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => void (longTasks += list.getEntries().length));
    try {
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      /* not every build reports long tasks */
    }
    const readings = (): number => Number(document.querySelector('[data-field="readings"]')?.textContent ?? 0);
    const firstReadings = readings();
    const start = performance.now();
    let last = start;
    await new Promise<void>((resolve) => {
      const tick = (now: number): void => {
        gaps.push(now - last);
        last = now;
        if (now - start < ms) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    const elapsed = (last - start) / 1000;
    gaps.shift();
    return { frames: gaps.length, elapsed, gaps, longTasks, readings: readings() - firstReadings, points: Number(document.querySelector('#power-chart')?.getAttribute('data-points') ?? 0) };
  }, seconds * 1000);
}

it('2. frames per second while the live chart follows a --speed 60 emulator', async () => {
  const serve = await startServe(['--emulator', 'dsmr5', '--speed', '60']);
  const rows: string[] = [];
  try {
    // A minute of emulated hours first, so that the 1 h span has its 3,600 points to draw every frame.
    await sleep(60_000);
    // The first row: an empty page, the machine's own frame rate at this moment (what is dropped there is not ours).
    for (const [span, label] of [[null, 'empty page (the machine alone)'], ['5 min', '5 min span (300 points on screen)'], ['1 h', '1 h span (3,600 points on screen)']] as const) {
      const context = await newContext(browser);
      const page = await context.newPage();
      if (span === null) await page.setContent('<!doctype html><title>idle</title><p>idle</p>');
      else {
        await page.goto(serve.url);
        await page.waitForSelector('body[data-has-reading="true"]');
        await page.click(`#spans button[data-span="${span}"]`);
      }
      await sleep(2000);
      const rounds = [];
      for (let round = 0; round < Math.max(3, Math.ceil(ROUNDS / 2)); round++) rounds.push(await measureFrames(page, SECONDS / 2));
      const fps = rounds.map((r) => r.frames / r.elapsed);
      const dropped = rounds.map((r) => r.gaps.filter((g) => g > 25).length);
      const perSecond = rounds.map((r) => r.readings / r.elapsed);
      const worst = Math.max(...rounds.flatMap((r) => r.gaps));
      const gapMedian = median(rounds.flatMap((r) => r.gaps));
      rows.push(
        `   ${label.padEnd(36)} ${fmt(median(fps), 1)} frames/s (frame gap median ${fmt(gapMedian, 1)} ms, worst ${fmt(worst)} ms), ` +
          `frames > 25 ms per window: ${dropped.join(', ')}; readings ${fmt(median(perSecond), 1)}/s; long tasks ${rounds.map((r) => r.longTasks).join(', ')}; chart points ${rounds.at(-1)!.points}`,
      );
      await context.close();
    }
  } finally {
    await serve.stop();
  }
  log(`\n2. live chart following p1 serve --emulator dsmr5 --speed 60 (${SECONDS / 2} s windows, median of rounds)`);
  rows.forEach((r) => log(r));
});

/** Connects `count` SSE clients that count the readings they receive. */
async function clients(url: string, count: number) {
  const counts = new Array<number>(count).fill(0);
  const controllers = Array.from({ length: count }, () => new AbortController());
  await Promise.all(
    controllers.map(async (controller, i) => {
      const response = await fetch(new URL('api/events', url), { signal: controller.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let tail = '';
      void (async () => {
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            const text = tail + decoder.decode(value, { stream: true });
            let at = -1;
            while ((at = text.indexOf('event: reading\n', at + 1)) >= 0) counts[i]!++;
            tail = text.slice(-15);
            if (tail.includes('event: reading\n')) tail = '';
          }
        } catch {
          /* aborted */
        }
      })();
    }),
  );
  return { counts, close: () => controllers.forEach((c) => c.abort()) };
}

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const served = async (serve: P1Serve): Promise<number> => ((await (await fetch(new URL('api/status', serve.url))).json()) as { readings: number }).readings;

it('3. p1 serve at --speed 0: readings/s to 0, 1 and 10 SSE clients, and its RSS', async () => {
  const lines: string[] = [];
  for (const n of [0, 1, 10]) {
    const serve = await startServe(['--emulator', 'dsmr5', '--speed', '0']);
    try {
      await sleep(3000); // warm up (JIT)
      const feed = await clients(serve.url, n);
      const rss: number[] = [];
      const start = await served(serve);
      const started = Date.now();
      const before = [...feed.counts];
      // Twice the window: the ring fills in the first part, the RSS after that is what a long run keeps.
      while (Date.now() - started < 2 * SECONDS * 1000) {
        await sleep(SECONDS * 200);
        rss.push(rssMb(serve.child.pid!));
      }
      const seconds = (Date.now() - started) / 1000;
      const produced = ((await served(serve)) - start) / seconds;
      const delivered = feed.counts.map((c, i) => (c - before[i]!) / seconds);
      feed.close();
      lines.push(
        `   ${String(n).padStart(2)} clients   source ${fmt(produced)} readings/s` +
          (n > 0 ? `, delivered ${fmt(median(delivered))}/s per client (min ${fmt(Math.min(...delivered))}), ${fmt(delivered.reduce((a, b) => a + b, 0))}/s in all` : '') +
          `   RSS MB every ${SECONDS / 5} s: ${rss.map((r) => fmt(r)).join(' ')}`,
      );
    } finally {
      await serve.stop();
    }
  }
  log(`\n3. p1 serve --emulator dsmr5 --speed 0 (${2 * SECONDS} s each; the ring of 86,400 readings fills in the first part)`);
  lines.forEach((l) => log(l));
});
