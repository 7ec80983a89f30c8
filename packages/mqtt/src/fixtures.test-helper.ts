// The repository's telegram fixtures with their hand-written expected readings, for the unit tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileId, Reading } from '@p1/core';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/telegrams');

export interface Fixture {
  name: string;
  profile: ProfileId;
  reading: Reading;
}

/** Every fixture that has a reading. */
export const FIXTURES: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), ...(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { profile: ProfileId; reading: Reading }) }))
  .filter((f) => f.reading !== undefined && f.reading !== null);

export const fixture = (name: string): Fixture => FIXTURES.find((f) => f.name === name)!;
