import type { MbusMedium } from './reading.js';

/** EN 13757-3 device types as P1 sends them in `0-n:24.1.0` (decimal). */
export const MBUS_MEDIA: Readonly<Record<number, MbusMedium>> = Object.freeze({
  0: 'other',
  1: 'oil',
  2: 'electricity',
  3: 'gas',
  4: 'heat',
  5: 'steam',
  6: 'warm-water',
  7: 'water',
  8: 'heat-cost-allocator',
  9: 'compressed-air',
  10: 'cooling',
  11: 'cooling',
  12: 'heat',
  13: 'heat-cooling',
  14: 'bus',
  15: 'unknown',
  22: 'cold-water',
  23: 'dual-water',
  24: 'pressure',
  25: 'ad-converter',
});

/** The medium of a device type as sent (`003`, `03`, `3`), or null when unknown. */
export function mediumOf(deviceType: string | null): MbusMedium | null {
  if (deviceType === null || !/^\d{1,3}$/.test(deviceType)) return null;
  return MBUS_MEDIA[+deviceType] ?? null;
}
