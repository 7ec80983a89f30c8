import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramDecoder, type Reading } from '@p1/core';
import { MeterEmulator, type EmulatorOptions } from '@p1/emulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from './chromium.js';
import { expectedValues, shownValues } from './shown-values.js';
import { serveDist, type StaticServer } from './static-server.js';

const kwh = (r: Reading): number => (r.electricity.received.tariff1.reading ?? 0) + (r.electricity.received.tariff2.reading ?? 0);
const kwhOut = (r: Reading): number => (r.electricity.delivered.tariff1.reading ?? 0) + (r.electricity.delivered.tariff2.reading ?? 0);

/** A capture made by the emulator, with some damaged telegrams, and what core makes of it in Node. */
function makeCapture(dir: string, options: EmulatorOptions, count: number) {
  const meter = new MeterEmulator({ ...options, faults: { crc: 0.02, truncate: 0.01 } });
  const chunks = Array.from({ length: count }, () => meter.next().chunks).flat();
  const bytes = Buffer.concat(chunks);
  const path = join(dir, `capture-${options.profile}-${count}.txt`);
  writeFileSync(path, bytes);
  const decoder = new TelegramDecoder();
  const results = [...decoder.push(bytes), ...decoder.end()];
  const readings = results.flatMap((r) => (r.type === 'telegram' ? [r.telegram.reading] : []));
  const crcErrors = results.filter((r) => r.type === 'error' && r.error.code === 'crc-mismatch').length;
  return { path, readings, crcErrors, rejected: results.length - readings.length - crcErrors };
}

describe('a capture file dropped on the page: parsed in a Web Worker, charted whole, summed up', () => {
  let browser: Browser;
  let server: StaticServer;
  let context: BrowserContext;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'p1-web-'));

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveDist()]);
    context = await newContext(browser);
    page = await context.newPage();
    await page.goto(server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function load(action: () => Promise<void>): Promise<void> {
    const before = await page.evaluate(() => document.body.dataset.loaded ?? '');
    await action();
    await page.waitForFunction((b) => (document.body.dataset.loaded ?? '') !== b, before, { timeout: 90_000 });
  }

  it('charts one point per telegram and sums energy per day to the registers’ difference', async () => {
    const capture = makeCapture(dir, { profile: 'dsmr4', realistic: true, seed: 11, interval: 60, start: '2025-03-08T20:00:00Z' }, 3000);
    expect(capture.crcErrors).toBeGreaterThan(0);
    await load(() => page.setInputFiles('#file-input', capture.path));
    const shown = await shownValues(page);
    expect(await page.locator('#power-chart').getAttribute('data-points')).toBe(String(capture.readings.length));
    const first = capture.readings[0]!;
    const last = capture.readings[capture.readings.length - 1]!;
    expect(await page.textContent('#summary-import')).toBe((kwh(last) - kwh(first)).toFixed(3));
    expect(await page.textContent('#summary-export')).toBe((kwhOut(last) - kwhOut(first)).toFixed(3));
    expect(await page.textContent('#summary-telegrams')).toBe(`${capture.readings.length} telegrams, ${capture.crcErrors} CRC errors, ${capture.rejected} rejected`);
    // 50 hours from Saturday 21:00 Amsterdam time: Saturday, Sunday, Monday.
    const days = await page.$$eval('#summary-days tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    expect(days.map(([day]) => day!.slice(0, 3))).toEqual(['Sat', 'Sun', 'Mon']);
    const daySum = days.reduce((sum, [, imported]) => sum + Number(imported), 0);
    expect(Math.abs(daySum - (kwh(last) - kwh(first)))).toBeLessThan(0.001 * days.length);
    // The panels show the file's last reading.
    expect(shown).toMatchObject(expectedValues(last));
    expect(shown['crc-errors']).toBe(String(capture.crcErrors));
    expect(await page.isVisible('#summary')).toBe(true);
    // Today's bars are the file's last day (Amsterdam time): the registers' step into that day and those within it.
    const day = (r: Reading): string => new Date(r.timestamp!).toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
    const firstOfDay = capture.readings.findIndex((r) => day(r) === day(last));
    expect(await page.getAttribute('#hourly-chart', 'data-import-kwh')).toBe((kwh(last) - kwh(capture.readings[firstOfDay - 1]!)).toFixed(3));
    // The chart spans the whole file.
    expect(await page.getAttribute('#spans button.active', 'data-span')).toBe('all');
    // Dragging across it zooms in (the x scale narrows) and stops following; a double click follows again.
    const xRange = () => page.getAttribute('#power-chart', 'data-span');
    const whole = await xRange();
    const box = (await page.locator('#power-chart .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector('#follow:not([hidden])');
    expect(await xRange()).not.toBe(whole);
    await page.locator('#power-chart .u-over').dblclick();
    await page.waitForSelector('#follow', { state: 'hidden' });
    expect(await xRange()).toBe(whole);
  });

  it("shows a Swedish meter's totals and reactive energy, and sums its energy from the totals", async () => {
    const capture = makeCapture(dir, { profile: 'se', realistic: true, seed: 3, interval: 60, start: '2025-03-08T20:00:00Z' }, 600);
    await load(() => page.setInputFiles('#file-input', capture.path));
    const shown = await shownValues(page);
    const first = capture.readings[0]!;
    const last = capture.readings[capture.readings.length - 1]!;
    const total = (r: Reading): number => r.electricity.received.total.reading!;
    expect(total(last) - total(first)).toBeGreaterThan(1);
    expect(await page.textContent('#summary-import')).toBe((total(last) - total(first)).toFixed(3));
    expect(shown).toMatchObject(expectedValues(last));
    expect(shown.totals).toBe(`${total(last).toFixed(3)} kWh / ${last.electricity.delivered.total.reading!.toFixed(3)} kWh`);
    expect(shown.reactive).toMatch(/^\d+\.\d{3} kVArh \/ \d+\.\d{3} kVArh$/);
    expect(shown['import-t1']).toBe('–');
    expect(shown.profile).toBe('Sweden (Branschrekommendation H1)');
  });

  it('gives the same for a file big enough to be cut into parts parsed by one worker per core', async () => {
    const capture = makeCapture(dir, { profile: 'dsmr5', realistic: true, seed: 12, interval: 5, start: '2025-07-01T00:00:00Z' }, 24_000);
    expect(statSync(capture.path).size).toBeGreaterThan(2 * 16 * 2 ** 20 * 0.6);
    expect(await page.evaluate(() => navigator.hardwareConcurrency)).toBeGreaterThan(1);
    await load(() => page.setInputFiles('#file-input', capture.path));
    const first = capture.readings[0]!;
    const last = capture.readings[capture.readings.length - 1]!;
    expect(await page.textContent('#notice')).toMatch(/\(2 workers side by side\)/);
    expect(await page.locator('#power-chart').getAttribute('data-points')).toBe(String(capture.readings.length));
    expect(await page.textContent('#summary-telegrams')).toBe(`${capture.readings.length} telegrams, ${capture.crcErrors} CRC errors, ${capture.rejected} rejected`);
    expect(await page.textContent('#summary-import')).toBe((kwh(last) - kwh(first)).toFixed(3));
    expect(await page.textContent('#summary-export')).toBe((kwhOut(last) - kwhOut(first)).toFixed(3));
    expect(await shownValues(page)).toMatchObject(expectedValues(last));
  });

  it('says so on the page when a dropped file holds no telegram', async () => {
    await load(() =>
      page.evaluate(() => {
        const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) & 0xff);
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'holiday-photo.jpg'));
        document.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }),
    );
    expect(await page.textContent('#notice.problem')).toMatch(/holiday-photo\.jpg holds no P1 telegram/);
    expect(await page.locator('#power-chart').getAttribute('data-points')).toBe('0');
    expect(await page.isVisible('main')).toBe(true);
  });
});
