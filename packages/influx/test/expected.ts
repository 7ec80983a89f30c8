// What a server must hold after the `full` schema wrote the emulated meter's telegrams: every row, exactly.
import { METER_ID, type MeterTelegram } from './meter.js';

/** `SELECT * FROM electricity` rows (time in Unix seconds), oldest first. */
export function electricityRows(telegrams: MeterTelegram[]): Record<string, unknown>[] {
  return telegrams.map((t) => ({ time: t.time, equipment_id: METER_ID, ...t.fields })).sort((a, b) => a.time - b.time);
}

/** `SELECT * FROM mbus` rows: one per gas capture, not one per telegram. */
export function gasRows(telegrams: MeterTelegram[]): Record<string, unknown>[] {
  const byTime = new Map(telegrams.map((t) => [t.gas.time, t.gas.value]));
  return [...byTime]
    .sort(([a], [b]) => a - b)
    .map(([time, value]) => ({ time, channel: '1', equipment_id: METER_ID, medium: 'gas', value }));
}
