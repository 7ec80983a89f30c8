// What the dashboard shows, read from the page, and what it should show for a reading: the same text a user reads.
import { decodeHexText, type Measurement, type Reading } from '@p1/core';
import type { Page } from 'playwright-core';

/** Every value on the page by name: `data-field` elements, phase cells, M-Bus rows. */
export function shownValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-field]')) out[el.dataset.field!] = el.textContent ?? '';
    for (const el of document.querySelectorAll<HTMLElement>('[data-phase]')) out[el.dataset.phase!] = el.textContent ?? '';
    for (const row of document.querySelectorAll<HTMLElement>('#mbus-rows tr')) out[`mbus-${row.dataset.medium}`] = row.children[1]?.textContent ?? '';
    return out;
  });
}

const fixed = (v: number | null, digits: number): string => (v === null ? '–' : v.toFixed(digits));
const measured = (m: Measurement, digits: number, unit: string): string => (m.reading === null ? '–' : `${m.reading.toFixed(digits)} ${m.unit ?? unit}`);

/** The values a reading should put on the page. */
export function expectedValues(reading: Reading): Record<string, string> {
  const { received, delivered, instantaneous } = reading.electricity;
  const out: Record<string, string> = {
    'import-now': fixed(received.actual.reading, 3),
    'export-now': fixed(delivered.actual.reading, 3),
    'import-t1': measured(received.tariff1, 3, 'kWh'),
    'import-t2': measured(received.tariff2, 3, 'kWh'),
    'export-t1': measured(delivered.tariff1, 3, 'kWh'),
    'export-t2': measured(delivered.tariff2, 3, 'kWh'),
    totals: `${measured(received.total, 3, 'kWh')} / ${measured(delivered.total, 3, 'kWh')}`,
    reactive: `${measured(reading.electricity.reactive.received.total, 3, 'kvarh')} / ${measured(reading.electricity.reactive.delivered.total, 3, 'kvarh')}`,
    'meter-type': reading.meterType ?? '–',
    // Shown as the text the hex spells where it is printable (E0044007300518217).
    'equipment-id': reading.equipmentId === null ? '–' : (decodeHexText(reading.equipmentId) ?? reading.equipmentId),
    'text-message': reading.textMessage.message ?? '',
  };
  const rows = [
    ['import', instantaneous.power.positive, 3, 'kW'],
    ['export', instantaneous.power.negative, 3, 'kW'],
    ['voltage', instantaneous.voltage, 1, 'V'],
    ['current', instantaneous.current, 0, 'A'],
  ] as const;
  for (const [name, phases, digits, unit] of rows) {
    if ((['L1', 'L2', 'L3'] as const).every((p) => phases[p].reading === null)) continue;
    for (const p of ['L1', 'L2', 'L3'] as const) out[`${name}-${p}`] = measured(phases[p], digits, unit);
  }
  for (const device of reading.mbus) out[`mbus-${device.medium}`] = device.reading === null ? '–' : `${device.reading.toFixed(3)} ${device.unit ?? ''}`.trim();
  return out;
}

/** The entries of `expected` that the page shows differently (empty when it shows them all). */
export function differences(shown: Record<string, string>, expected: Record<string, string>): string[] {
  return Object.entries(expected)
    .filter(([key, value]) => shown[key] !== value)
    .map(([key, value]) => `${key}: page shows ${JSON.stringify(shown[key])}, expected ${JSON.stringify(value)}`);
}

/** Waits until the page shows `expected` (readings arrive asynchronously); fails with what differs. */
export async function waitUntilShown(page: Page, expected: () => Record<string, string>, timeout = 150_000): Promise<Record<string, string>> {
  const until = Date.now() + timeout;
  let diff: string[] = [];
  for (;;) {
    const shown = await shownValues(page);
    diff = differences(shown, expected());
    if (diff.length === 0) return shown;
    if (Date.now() > until) throw new Error(`the page did not show the expected values within ${timeout} ms:\n${diff.join('\n')}`);
    await page.waitForTimeout(100);
  }
}
