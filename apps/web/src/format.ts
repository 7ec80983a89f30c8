import type { Measurement } from '@p1/core';

/** A number with fixed decimals, or a dash when the meter did not send it. */
export const fixed = (value: number | null | undefined, digits: number): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

/** A measurement with its unit as the meter sent it (or `unit` when it sent none). */
export const measured = (m: Measurement, digits: number, unit: string): string =>
  m.reading === null ? '–' : `${fixed(m.reading, digits)} ${m.unit ?? unit}`;

// Swedish dates read like ISO (2025-01-15 12:03:04) in every language and zone.
const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
const monthFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long' });

/** A time (ms or ISO) in the browser's zone, or a dash. */
export function time(value: number | string | null): string {
  const ms = typeof value === 'string' ? Date.parse(value) : value;
  return ms === null || Number.isNaN(ms) ? '–' : dateTime.format(ms);
}

export const day = (ms: number): string => dayFormat.format(ms);
export const month = (iso: string | null): string => (iso === null || Number.isNaN(Date.parse(iso)) ? '–' : monthFormat.format(Date.parse(iso)));

/** A duration in the largest unit that reads well. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}

/** Bytes as kB or MB. */
export function size(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
