// The three views of the README, in light and dark, on a desktop and a phone: docs/*.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeterEmulator } from '@p1/emulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { launchChromium, newContext } from '../test/chromium.js';
import { FakeMeter } from '../test/fake-serial.js';
import { startServe } from '../test/p1-serve.js';
import { serveDist, type StaticServer } from '../test/static-server.js';

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '../docs');
const DESKTOP = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveDist()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(DOCS, `${name}.png`), fullPage });
}

it('Web Serial on a desktop, light', async () => {
  const meter = new FakeMeter({ profile: 'dsmr5', realistic: true, seed: 42, start: '2025-06-21T09:50:00Z', textMessage: undefined });
  const context = await newContext(browser, { viewport: DESKTOP, colorScheme: 'light' });
  const page = await context.newPage();
  await meter.install(page);
  await page.goto(server.url);
  meter.allow(300);
  await page.click('#connect');
  await page.waitForFunction(() => document.querySelector('[data-field="readings"]')!.textContent === '300', undefined, { timeout: 300_000 });
  await shoot(page, 'web-serial-light');
  await context.close();
});

it('a capture file on a desktop, dark', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'p1-shots-'));
  const meter = new MeterEmulator({ profile: 'dsmr4', realistic: true, seed: 8, start: '2025-05-10T00:00:05Z', faults: { crc: 0.001 } });
  const path = join(dir, 'meter-2025-05-10.txt');
  writeFileSync(path, Buffer.concat(Array.from({ length: 3 * 8640 }, () => meter.next().chunks).flat()));
  const context = await newContext(browser, { viewport: DESKTOP, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.setInputFiles('#file-input', path);
  await page.waitForSelector('#summary:not([hidden])', { timeout: 120_000 });
  await shoot(page, 'capture-file-dark');
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

it('p1 serve on a phone, light and dark', async () => {
  const serve = await startServe(['--emulator', 'emucs', '--speed', '60', '--seed', '5', '--start', '2025-03-03T06:00:00Z']);
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await newContext(browser, { viewport: PHONE, colorScheme, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Europe/Brussels' });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.waitForSelector('body[data-has-reading="true"]');
    await shoot(page, `p1-serve-phone-${colorScheme}`);
    await context.close();
  }
  await serve.stop();
});
