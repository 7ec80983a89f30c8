import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

/** Bitwise CRC-16/ARC straight from the spec digest §2.2: the independent check of the table-driven `crc16`. */
export function bitwiseCrc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/**
 * Bitwise CRC-16/X-25 written the other way round (most significant bit first, poly 0x1021, on bit-reversed bytes,
 * the result reversed): an independent check of the reflected, table-driven `crc16x25`.
 */
export function bitwiseCrc16X25(bytes: Uint8Array): number {
  const reverse = (value: number, bits: number) => {
    let out = 0;
    for (let i = 0; i < bits; i++) out |= ((value >>> i) & 1) << (bits - 1 - i);
    return out;
  };
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= reverse(b, 8) << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return reverse(crc, 16) ^ 0xffff;
}

/** `body` with a CRC-16/X-25 line, as the Hungarian Holley DTSD545 seals its telegrams. */
export function sealX25(body: string): string {
  return `${body}${bitwiseCrc16X25(ascii(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** A telegram with its correct CRC appended: `body` runs from '/' through '!'. */
export function seal(body: string, crlf = true): string {
  const crc = bitwiseCrc16(ascii(body)).toString(16).toUpperCase().padStart(4, '0');
  return body + crc + (crlf ? '\r\n' : '');
}

/** A DSMR 5 style telegram body (without CRC) from data lines. */
export function body(header: string, lines: string[], blankLine = true): string {
  return `/${header}\r\n${blankLine ? '\r\n' : ''}${lines.map((l) => `${l}\r\n`).join('')}!`;
}

export interface FixtureExpectation {
  description: string;
  covers: string[];
  profile: string;
  forceProfile?: string;
  header: string;
  crc: 'valid' | 'invalid' | 'absent';
  issues: string[];
  reading: Record<string, unknown>;
}

export interface Fixture {
  name: string;
  bytes: Uint8Array;
  expected: FixtureExpectation;
}

export function loadFixtures(): Fixture[] {
  const dir = join(FIXTURES, 'telegrams');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      return {
        name,
        bytes: new Uint8Array(readFileSync(join(dir, file))),
        expected: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as FixtureExpectation,
      };
    });
}

/** Every key path of a JSON value; arrays contribute the paths of each element under `[]`. */
export function keyTree(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of keyTree(item, `${prefix}[]`)) paths.add(p);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      paths.add(path);
      for (const p of keyTree(child, path)) paths.add(p);
    }
  }
  return paths;
}
