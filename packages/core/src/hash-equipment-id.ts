import { hmacSha256, sha256 } from './sha256.js';

// Made at the first use: a bundle loaded where a global is missing must still parse telegrams.
let encoder: TextEncoder | undefined;
const utf8 = (text: string): Uint8Array => (encoder ??= new TextEncoder()).encode(text);
const hex = (bytes: Uint8Array, digits: number): string =>
  Array.from(bytes.subarray(0, digits / 2), (b) => b.toString(16).padStart(2, '0')).join('');

// A meter sends the same id in every telegram: remember the last answer rather than hash 50,000 times a second.
let last: { id: string; key: string | true; hash: string } | undefined;

/**
 * A stable pseudonym for an equipment id: the first 16 hex digits of its SHA-256, or of its HMAC-SHA-256 when a
 * `key` is given (without a key, anyone holding a list of ids can find yours by hashing them). The same id gives the
 * same pseudonym in every sink (InfluxDB tags, MQTT topics), so that they can be matched.
 */
export function hashEquipmentId(id: string, key: string | true = true): string {
  if (last !== undefined && last.id === id && last.key === key) return last.hash;
  const digest = key === true ? sha256(utf8(id)) : hmacSha256(utf8(key), utf8(id));
  const hash = hex(digest, 16);
  last = { id, key, hash };
  return hash;
}
