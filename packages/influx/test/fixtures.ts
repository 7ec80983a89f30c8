// The shared byte-exact fixtures of the repository (fixtures/telegrams), parsed by @p1/core.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTelegram, type ProfileId, type Reading } from '@p1/core';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/telegrams');

/** Every fixture's name. */
export const FIXTURES: readonly string[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();

/** A fixture's reading, with the profile its expectation forces where it forces one. */
export function fixtureReading(name: string): Reading {
  const expected = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as { forceProfile?: ProfileId };
  const options = expected.forceProfile === undefined ? {} : { profile: expected.forceProfile };
  return parseTelegram(new Uint8Array(readFileSync(join(DIR, `${name}.txt`))), options).reading;
}
