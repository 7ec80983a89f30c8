// The repository's byte-exact telegram fixtures (fixtures/telegrams), for the app's tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTelegram, type Reading, type Telegram } from '@p1/core';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/telegrams');

/** A fixture file's path. */
export const fixturePath = (name: string): string => join(FIXTURES_DIR, `${name}.txt`);

/** A fixture's bytes. */
export const fixtureBytes = (name: string): Buffer => readFileSync(fixturePath(name));

/** A fixture's telegram, parsed. */
export const fixtureTelegram = (name: string): Telegram => parseTelegram(new Uint8Array(fixtureBytes(name)));

/** The reading a fixture's hand-written expectation says it holds. */
export const expectedReading = (name: string): Reading =>
  (JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as { reading: Reading }).reading;
