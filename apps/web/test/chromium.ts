// Debian's Chromium driven by playwright-core (no browser download), for the dashboard's tests and benchmark.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM = process.env.P1_CHROMIUM ?? '/usr/bin/chromium';

/** The flags TOOLING.md lists: no sandbox (root in CI), no GPU, nothing that calls home or updates itself. */
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
  '--mute-audio',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium), or set P1_CHROMIUM to a Chromium binary`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 120_000 });
}

/** A browser context as a Dutch user has it: Amsterdam time, so that "today" and the days are theirs. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ timezoneId: 'Europe/Amsterdam', locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(120_000);
  return context;
}
