import type { Reading } from '@p1/core';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from './chromium.js';
import { startServe, type P1Serve } from './p1-serve.js';
import { differences, expectedValues, shownValues } from './shown-values.js';

describe('p1 serve --emulator: the page live over the real HTTP feed', () => {
  let browser: Browser;
  let serve: P1Serve;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [browser, serve] = await Promise.all([launchChromium(), startServe(['--emulator', 'emucs', '--speed', '2', '--seed', '9'])]);
    context = await newContext(browser);
    page = await context.newPage();
    // Under p1 serve's Content-Security-Policy: a refused script, style or worker would show here.
    page.on('console', (m: ConsoleMessage) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => void problems.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
  });

  it('goes live at once, and shows what /api/reading says', async () => {
    // Let some history gather first: the page must chart it too.
    const api = async (path: string): Promise<Response> => fetch(new URL(path, serve.url));
    let status: { readings: number };
    do status = (await (await api('api/status')).json()) as typeof status;
    while (status.readings < 4);
    await page.goto(serve.url);
    await page.waitForSelector('body[data-source="server"][data-has-reading="true"]');
    expect(await page.textContent('[data-field="source-name"]')).toBe('p1 serve · emulator, eMUCs (Belgium) 1.4 / 1.7+ household, 2x');
    const points = Number(await page.locator('#power-chart').getAttribute('data-points'));
    expect(points).toBeGreaterThanOrEqual(status.readings);

    // The page and the API agree on the same reading (both move on every half second: retry until one matches).
    let diff: string[] = ['not compared yet'];
    for (let tries = 0; tries < 200 && diff.length > 0; tries++) {
      const reading = (await (await api('api/reading')).json()) as Reading;
      diff = differences(await shownValues(page), expectedValues(reading));
    }
    expect(diff).toEqual([]);

    // Live: new readings arrive over the feed, each charted once.
    const shown = Number((await shownValues(page)).readings);
    await page.waitForFunction((n) => Number(document.querySelector('[data-field="readings"]')!.textContent) >= n + 3, shown);
    const after = await (await api('api/readings?since=0')).json() as { last: number };
    const charted = Number(await page.locator('#power-chart').getAttribute('data-points'));
    expect(charted).toBeLessThanOrEqual(after.last);
    expect(charted).toBeGreaterThanOrEqual(points + 3);
  });

  it('shows the capacity tariff of a Belgian meter', async () => {
    await page.waitForSelector('#demand:not([hidden])');
    expect(await page.textContent('#demand-now')).toMatch(/^\d+\.\d{3} kW$/);
    expect(await page.textContent('#demand-peak')).toMatch(/^\d+\.\d{3} kW$/);
  });

  it('loads under the Content-Security-Policy without a refused script, style or worker', () => {
    expect(problems).toEqual([]);
  });

  it('reconnects by itself when p1 serve restarts, and charts on', async () => {
    const { port } = new URL(serve.url);
    const before = Number(await page.locator('#power-chart').getAttribute('data-points'));
    expect(await serve.stop()).toBe(0);
    await page.waitForSelector('#notice.problem:has-text("connection to p1 serve lost")');
    serve = await startServe(['--emulator', 'emucs', '--speed', '2', '--seed', '9', '--http-port', port]);
    await page.waitForSelector('#notice:not(.problem):has-text("live from p1 serve")', { timeout: 90_000 });
    await page.waitForFunction((n) => Number(document.querySelector('#power-chart')!.getAttribute('data-points')) >= n + 3, before, { timeout: 60_000 });
    // The new run's count, not the old run's plus the new. Once the new run has stopped, everything it sent has
    // reached the page (SSE events go out before the connection closes): the count is at most what it sent, which
    // the old run's readings added on top would exceed. No race with how fast either run goes.
    expect(await serve.stop()).toBe(0);
    const sent = Number(/stopped after (\d+) readings/.exec(serve.stderr())?.[1]);
    await page.waitForSelector('#notice.problem:has-text("connection to p1 serve lost")');
    const shown = Number((await shownValues(page)).readings);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(sent);
  });
});
