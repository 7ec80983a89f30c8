import type { Reading } from '@p1/core';
import { normalize, QUANTITIES, type QuantityName } from './quantities.js';
import { MEDIUM_QUANTITIES, mediumTopic, METER_SENSORS } from './sensors.js';

/** Home Assistant keeps at most 255 characters of a state. */
const MAX_STATE = 255;

/** One value of a reading, ready to publish: in the unit p1 announces, on its topic under the meter's. */
export interface SensorValue {
  topic: string;
  /** The topic with `_` for `/`: the sensor's object id in discovery. */
  objectId: string;
  name: string;
  quantity: QuantityName;
  /** The M-Bus channel of the device it belongs to; null for the meter's own values. */
  channel: number | null;
  payload: number | string;
}

/** A value left out because its unit cannot be converted to the one announced. */
export interface RefusedValue {
  topic: string;
  unit: string;
}

/** Object ids by topic: a reading has ~30 values and a meter a fixed set of topics, so each is made once. */
const objectIds = new Map<string, string>();
const objectId = (topic: string): string => {
  let id = objectIds.get(topic);
  if (id === undefined) objectIds.set(topic, (id = topic.replaceAll('/', '_')));
  return id;
};

function value(topic: string, name: string, quantity: QuantityName, channel: number | null, raw: number | string | null, unit: string | null, out: SensorValue[], refused: RefusedValue[]): void {
  if (raw === null) return;
  let payload: number | string | null = raw;
  if (typeof raw === 'number') {
    payload = normalize(QUANTITIES[quantity], raw, unit);
    if (payload === null) return void refused.push({ topic, unit: unit! });
  } else if (quantity === 'tariff' && QUANTITIES.tariff.options?.includes(raw) !== true) {
    return void refused.push({ topic, unit: `tariff ${raw}` });
  } else if (raw.length > MAX_STATE) {
    payload = raw.slice(0, MAX_STATE);
  }
  out.push({ topic, objectId: objectId(topic), name, quantity, channel, payload });
}

/**
 * Every value a reading carries, one per topic: the meter's own, then each M-Bus device's (`gas/1`, `water/2`,
 * `heat/3` and their capture times). Pure. Values the telegram does not carry are left out.
 */
export function readingValues(reading: Reading): { values: SensorValue[]; refused: RefusedValue[] } {
  const values: SensorValue[] = [];
  const refused: RefusedValue[] = [];
  for (const sensor of METER_SENSORS) {
    const { value: raw, unit } = sensor.read(reading);
    value(sensor.topic, sensor.name, sensor.quantity, null, raw, unit, values, refused);
  }
  for (const device of reading.mbus) {
    // A value with neither unit nor capture time is a placeholder (an empty slot's zero, a meter whose clock was
    // reset: `(000101010000W)(0000000000)`), not a reading: published, a 0 would look like a meter swapped to Home
    // Assistant's statistics of a total_increasing sensor. influx's schema refuses it alike.
    if (device.unit === null && device.timestamp === null) continue;
    const medium = mediumTopic(device.medium);
    const quantity = (device.medium === null ? undefined : MEDIUM_QUANTITIES[device.medium]) ?? 'other';
    const label = medium[0]!.toUpperCase() + medium.slice(1).replace('-', ' ');
    const topic = `${medium}/${device.channel}`;
    value(topic, label, quantity, device.channel, device.reading, device.unit, values, refused);
    value(`${topic}/time`, `${label} reading time`, 'timestamp', device.channel, device.timestamp, null, values, refused);
  }
  return { values, refused };
}
