import { expectedReading } from '@p1/emulator/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from './chromium.js';
import { FakeMeter } from './fake-serial.js';
import { shownValues, waitUntilShown, expectedValues } from './shown-values.js';
import { serveDist, type StaticServer } from './static-server.js';

const START = '2025-06-21T09:00:00Z';

describe('Web Serial: a fake navigator.serial streaming @p1/emulator bytes into the built page', () => {
  let browser: Browser;
  let server: StaticServer;
  let context: BrowserContext;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), serveDist()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function open(meter: FakeMeter): Promise<Page> {
    context = await newContext(browser);
    const page = await context.newPage();
    await meter.install(page);
    await page.goto(server.url);
    return page;
  }

  it("shows the emulator's last telegram (power now, per phase, registers, gas, water, heat, energy since opening) at the settings of the profile", async () => {
    const meter = new FakeMeter({ profile: 'dsmr5', realistic: true, seed: 7, start: START, mbus: ['gas', 'water', 'heat'] });
    const page = await open(meter);
    await page.selectOption('#line-choice', '115200-8N1');
    meter.allow(25);
    await page.click('#connect');
    const shown = await waitUntilShown(page, () => ({ ...expectedValues(expectedReading(meter.lastState)), readings: '25' }));
    expect(meter.sent).toHaveLength(25);
    expect(meter.opens.map((s) => JSON.parse(s).baudRate)).toEqual([115200]);
    expect(shown['crc-errors']).toBe('0');
    expect(Object.keys(shown).filter((k) => k.startsWith('mbus-'))).toEqual(['mbus-gas', 'mbus-water', 'mbus-heat']);
    const kwh = (i: number): number => {
      const { tariff1, tariff2 } = expectedReading(meter.sent[i]!).electricity.received;
      return tariff1.reading! + tariff2.reading!;
    };
    expect(shown['since-import']).toBe((kwh(24) - kwh(0)).toFixed(3));
    expect(shown['voltage-L1']).toMatch(/^\d+\.\d V$/);
    expect(await page.locator('#power-chart').getAttribute('data-points')).toBe('25');
    // More telegrams: the page follows.
    meter.allow(5);
    await waitUntilShown(page, () => ({ ...expectedValues(expectedReading(meter.lastState)), readings: '30' }));
  });

  it('detects a DSMR 2.2 meter (9600 7E1) by trying each line setting until a valid telegram arrives', async () => {
    const meter = new FakeMeter({ profile: 'dsmr2.2', realistic: true, seed: 3, start: START });
    const page = await open(meter);
    expect(await page.inputValue('#line-choice')).toBe('detect');
    meter.allow(80);
    await page.click('#connect');
    await waitUntilShown(page, () => expectedValues(expectedReading(meter.lastState)));
    expect(meter.sent).toHaveLength(80);
    // 115200 8N1 and 115200 7E1 gave garbage; 9600 7E1 gave telegrams.
    expect(meter.opens.map((s) => JSON.parse(s) as { baudRate: number; dataBits: number })).toEqual([
      expect.objectContaining({ baudRate: 115200, dataBits: 8, parity: 'none' }),
      expect.objectContaining({ baudRate: 115200, dataBits: 7, parity: 'even' }),
      expect.objectContaining({ baudRate: 9600, dataBits: 7, parity: 'even' }),
    ]);
    expect((await page.textContent('#notice')) ?? '').toMatch(/9600 7E1/);
  });

  it('says so when the cable is pulled, and reads on at the same settings when it is plugged back in', async () => {
    const meter = new FakeMeter({ profile: 'dsmr4', realistic: true, seed: 5, start: START });
    const page = await open(meter);
    meter.allow(3);
    await page.click('#connect');
    await waitUntilShown(page, () => ({ ...expectedValues(expectedReading(meter.lastState)), readings: '3' }));
    await meter.unplug(page);
    await page.waitForSelector('#notice.problem:has-text("disconnected")');
    await meter.replug(page);
    meter.allow(2);
    await waitUntilShown(page, () => ({ ...expectedValues(expectedReading(meter.lastState)), readings: '5' }));
    // Detected once, reopened at what was found (no second round of trying).
    expect(meter.opens.map((s) => JSON.parse(s).baudRate)).toEqual([115200, 115200]);
    expect(await page.locator('#notice').getAttribute('class')).not.toMatch(/problem/);
  });

  it('shows a text message and a header that hold markup as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const meter = new FakeMeter({ profile: 'dsmr5', seed: 1, start: START, textMessage: evil, header: 'ISK5\\2M<b onmouseover=alert(1)>x</b>' });
    const page = await open(meter);
    await page.selectOption('#line-choice', '115200-8N1');
    meter.allow(2);
    await page.click('#connect');
    const shown = await waitUntilShown(page, () => ({ readings: '2' }));
    expect(shown['text-message']).toBe(evil);
    expect(shown['meter-type']).toBe('ISK5\\2M<b onmouseover=alert(1)>x</b>');
    expect(await page.isVisible('#message')).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('main img, main script, main b[onmouseover]').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('says what went wrong when no port is chosen or the port cannot be opened, instead of a blank page', async () => {
    context = await newContext(browser);
    const page = await context.newPage();
    await page.addInitScript(() => {
      const port = { getInfo: () => ({}), readable: null, open: async () => { throw new DOMException('Failed to open serial port.', 'InvalidStateError'); }, close: async () => {}, addEventListener() {}, removeEventListener() {} };
      Object.defineProperty(navigator, 'serial', { value: Object.assign(new EventTarget(), { requestPort: async () => port, getPorts: async () => [port] }) });
    });
    await page.goto(server.url);
    await page.click('#connect');
    await page.waitForSelector('#notice.problem:has-text("could not be opened")');
    expect(await page.isVisible('main')).toBe(true);
    expect((await shownValues(page))['readings']).toBe('0');
  });
});
