import { describe, expect, it } from 'vitest';
import { checkKnownKeys, flattenConfig } from './config-file.js';
import { closestName, editDistance } from './closest-name.js';

const KNOWN = new Set(['source.port', 'source.baudRate', 'influx.url', 'influx.database', 'influx.username', 'influxDb.host', 'influxDb.database', 'p1Reader.port', 'schema', 'spoolDir', 'database', 'thinning.every']);

describe('editDistance', () => {
  it('counts inserts, deletes, changes and swaps of neighbours, ignoring case', () => {
    expect(editDistance('database', 'database')).toBe(0);
    expect(editDistance('databse', 'database')).toBe(1);
    expect(editDistance('hots', 'host')).toBe(1);
    expect(editDistance('DataBase', 'database')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestName', () => {
  it('finds the key a typo or a wrong section meant, and nothing for a word unlike any', () => {
    expect(closestName('influx.databse', KNOWN)).toBe('influx.database');
    expect(closestName('influx.Database', KNOWN)).toBe('influx.database');
    expect(closestName('influxDb.hots', KNOWN)).toBe('influxDb.host');
    expect(closestName('infux.database', KNOWN)).toBe('influx.database');
    expect(closestName('db.username', KNOWN)).toBe('influx.username');
    expect(closestName('spooldir', KNOWN)).toBe('spoolDir');
    expect(closestName('colour', KNOWN)).toBeUndefined();
    expect(closestName('influx.frobnicate', KNOWN)).toBeUndefined();
  });
});

describe('checkKnownKeys', () => {
  const check = (json: object): (() => void) => () => checkKnownKeys(flattenConfig(json, 'p1.json'), KNOWN);

  it('says "did you mean" with the closest known key, not a list of every key', () => {
    expect(check({ influx: { databse: 'p1' } })).toThrow('p1.json: unknown key "influx.databse": did you mean "influx.database"?');
    expect(check({ influx: { databse: 'p1' } })).not.toThrow(/source\.port/);
  });

  it('without a close key, names what the section holds, or the sections there are', () => {
    expect(check({ influx: { frobnicate: 1 } })).toThrow('unknown key "influx.frobnicate": "influx" holds url, database, username');
    expect(check({ colour: 'red' })).toThrow('unknown key "colour": known: source.*, influx.*, influxDb.*, p1Reader.*, schema, spoolDir, database, thinning.*');
    expect(check({ influx: { url: 'http://nas:8086' }, schema: 'full' })).not.toThrow();
  });

  it('names every unknown key at once', () => {
    expect(check({ influx: { databse: 'p1' }, spooldir: '/tmp' })).toThrow(
      'p1.json: unknown key "influx.databse": did you mean "influx.database"?; unknown key "spooldir": did you mean "spoolDir"?',
    );
  });
});
