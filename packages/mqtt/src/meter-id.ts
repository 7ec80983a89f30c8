import { decodeHexText, hashEquipmentId, type Reading } from '@p1/core';

/**
 * The meter's part of every topic and unique id: its equipment id as printed on it (the hex the telegram carries,
 * decoded), or a SHA-256 pseudonym of the id as sent (`hash`; HMAC with a key), the same as `@p1/influx`'s
 * `hashEquipmentId` tag. Only letters, digits, `_` and `-`, as Home Assistant's node ids allow. `fallback` for a
 * meter that sends no id (DSMR 2.2).
 */
export function meterId(reading: Reading, hash: boolean | string, fallback: string): string {
  const id = reading.equipmentId;
  if (id === null || id === '') return fallback;
  if (hash !== false) return hashEquipmentId(id, hash);
  return topicWord(decodeHexText(id) ?? id) || fallback;
}

/** `text` with every character a topic level or a Home Assistant id cannot hold replaced by `_`. */
export const topicWord = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');
