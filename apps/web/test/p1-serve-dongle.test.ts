import { P1Emulator, serveTcp, type EmulatorTcpServer } from '@p1/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from './chromium.js';
import { startServe, type P1Serve } from './p1-serve.js';

describe('p1 serve reading a network dongle: the page says when the meter is lost, and when it is back', () => {
  let browser: Browser | undefined;
  let serve: P1Serve | undefined;
  let dongle: EmulatorTcpServer | undefined;
  const meter = new P1Emulator({ profile: 'dsmr5', realistic: true, speed: 4 });

  afterAll(async () => {
    meter.stop();
    await browser?.close();
    await serve?.stop();
    await dongle?.close();
  });

  it('shows the loss as a problem, then the reconnection, and the readings go on', async () => {
    dongle = await serveTcp({ source: meter, port: 0 });
    const { port } = dongle;
    meter.start();
    [browser, serve] = await Promise.all([launchChromium(), startServe(['--port', `tcp://127.0.0.1:${port}`])]);
    const page = await (await newContext(browser)).newPage();
    await page.goto(serve.url);
    await page.waitForSelector('body[data-has-reading="true"]');

    await dongle.close(); // the dongle reboots
    await page.waitForSelector('#notice.problem');
    const lost = Number(await page.textContent('[data-field="readings"]'));
    dongle = await serveTcp({ source: meter, port });
    await page.waitForSelector(`#notice:not(.problem):has-text("connected to tcp://127.0.0.1:${port} again")`, { timeout: 90_000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-field="readings"]')!.textContent) > n + 2, lost);
    expect(serve.stderr()).toMatch(/connected to tcp:\/\/127\.0\.0\.1:\d+ again/);
  });
});
