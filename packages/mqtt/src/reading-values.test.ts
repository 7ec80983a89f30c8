import type { Reading } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixture } from './fixtures.test-helper.js';
import { normalize, QUANTITIES } from './quantities.js';
import { readingValues } from './reading-values.js';

const byTopic = (reading: Reading): Record<string, number | string> =>
  Object.fromEntries(readingValues(reading).values.map((v) => [v.topic, v.payload]));

describe('normalize', () => {
  it('converts what meters send to the one unit announced, ignoring case', () => {
    expect(normalize(QUANTITIES.energy, 1234.567, 'kWh')).toBe(1234.567);
    expect(normalize(QUANTITIES.energy, 1234.567, 'KWH')).toBe(1234.567);
    expect(normalize(QUANTITIES.energy, 1500, 'Wh')).toBe(1.5);
    expect(normalize(QUANTITIES.power, 123, 'W')).toBe(0.123);
    expect(normalize(QUANTITIES.power, 0.123, 'kw')).toBe(0.123);
    expect(normalize(QUANTITIES.gas, 12.345, 'm3')).toBe(12.345);
    expect(normalize(QUANTITIES.heat, 1, 'MJ')).toBe(0.001);
    // No unit on the line (DSMR 2.2 gas, some M-Bus values): the announced one.
    expect(normalize(QUANTITIES.gas, 12.345, null)).toBe(12.345);
  });

  it('refuses a unit that cannot be converted rather than publish a wrong one', () => {
    expect(normalize(QUANTITIES.energy, 1, 'm3')).toBeNull();
    expect(normalize(QUANTITIES.gas, 1, 'kWh')).toBeNull();
    expect(normalize(QUANTITIES.voltage, 1, 'kV')).toBeNull();
  });
});

describe('readingValues', () => {
  it('gives a Swedish meter\'s totals and reactive registers, reactive units converted to kvar and kvarh', () => {
    const values = byTopic(fixture('se-landis-gyr-e360-lgf5').reading);
    expect(values['electricity/received/total']).toBe(10501.076);
    expect(values['electricity/delivered/total']).toBe(0);
    expect(values['electricity/reactive/received/total']).toBe(1761.087);
    expect(values['electricity/reactive/delivered/total']).toBe(8.391);
    expect(values['electricity/reactive/received/power']).toBe(0.135);
    expect(values['electricity/reactive/delivered/power/L1']).toBe(0.208);
    expect(values['electricity/received/tariff1']).toBeUndefined();
    expect(normalize(QUANTITIES.reactiveEnergy, 747, 'varh')).toBe(0.747);
    expect(normalize(QUANTITIES.reactivePower, 166, 'var')).toBe(0.166);
  });

  it('gives the values of a DSMR 5 meter on their topics, in kWh, kW, V and A', () => {
    const reading = fixture('dsmr5-iskra-am550-three-phase').reading;
    const values = byTopic(reading);
    expect(values['electricity/received/tariff1']).toBe(reading.electricity.received.tariff1.reading);
    expect(values['electricity/delivered/tariff2']).toBe(reading.electricity.delivered.tariff2.reading);
    expect(values['electricity/received/power']).toBe(reading.electricity.received.actual.reading);
    expect(values['electricity/received/power/L1']).toBe(reading.electricity.instantaneous.power.positive.L1.reading);
    expect(values['electricity/voltage/L2']).toBe(reading.electricity.instantaneous.voltage.L2.reading);
    expect(values['electricity/current/L3']).toBe(reading.electricity.instantaneous.current.L3.reading);
    expect(values['electricity/tariff']).toBe(String(reading.electricity.tariffIndicator));
    expect(values['timestamp']).toBe(reading.timestamp);
    // Its channel 1 is an unconfigured slot: a zero without unit at the Iskra placeholder stamp, so no gas topic.
    expect(reading.mbus[0]).toMatchObject({ reading: 0, unit: null, timestamp: null });
    expect(values['gas/1']).toBeUndefined();
  });

  it('gives every M-Bus device its own topics by medium and channel, never guessing the medium from the channel', () => {
    const values = byTopic(fixture('quirk-mbus-heat-water-gas-empty-channel-1').reading);
    // Channel 1 is configured but empty: no topic for it.
    expect(Object.keys(values).filter((t) => /^(gas|water|heat|unknown)\//.test(t)).sort()).toEqual(['gas/3', 'gas/3/time', 'heat/2', 'heat/2/time', 'water/4', 'water/4/time']);
    expect(values['heat/2']).toBeTypeOf('number');
    expect(values['water/4']).toBeTypeOf('number');
    const be = byTopic(fixture('emucs17-fluvius-capacity-13-months').reading);
    expect(be['water/2']).toBe(184.226);
    expect(be['electricity/demand/current']).toBe(2.318);
    expect(be['electricity/demand/maximum']).toBe(6.027);
    expect(be['electricity/demand/maximum/time']).toBe('2025-01-08T17:15:00.000Z');
  });

  it('leaves out an M-Bus placeholder, a value with neither unit nor capture time (a meter whose clock was reset)', () => {
    const reading = structuredClone(fixture('dsmr40-kaifa-e0003-e0025-single-phase').reading) as Reading & { mbus: { timestamp: string | null; unit: string | null; reading: number | null }[] };
    const real = { ...reading.mbus[0]! };
    expect(byTopic(reading)['gas/1']).toBe(real.reading);
    Object.assign(reading.mbus[0]!, { timestamp: null, unit: null, reading: 0 });
    expect(Object.keys(byTopic(reading)).filter((t) => t.startsWith('gas/'))).toEqual([]);
    Object.assign(reading.mbus[0]!, { timestamp: null, unit: 'm3', reading: real.reading }); // a real value, a placeholder stamp
    expect(byTopic(reading)['gas/1']).toBe(real.reading);
    Object.assign(reading.mbus[0]!, { timestamp: real.timestamp, unit: null }); // a value sent without unit, at a real time
    expect(byTopic(reading)['gas/1']).toBe(real.reading);
  });

  it('leaves out what a telegram does not carry, and refuses values in units it cannot convert', () => {
    const reading = structuredClone(fixture('dsmr5-iskra-am550-three-phase').reading) as Reading & { electricity: { received: { tariff1: { unit: string } } } };
    reading.electricity.received.tariff1.unit = 'GJ';
    const { values, refused } = readingValues(reading);
    expect(values.map((v) => v.topic)).not.toContain('electricity/received/tariff1');
    expect(refused).toEqual([{ topic: 'electricity/received/tariff1', unit: 'GJ' }]);
    const dsmr22 = byTopic(fixture('dsmr22-iskra-mt382').reading);
    expect(dsmr22).not.toHaveProperty('electricity/voltage/L1');
  });

  it('reads every fixture without a refusal, each value a finite number or a short text', () => {
    for (const { name, reading } of FIXTURES) {
      const { values, refused } = readingValues(reading);
      expect(refused, name).toEqual([]);
      expect(values.length, name).toBeGreaterThan(0);
      for (const v of values) {
        if (typeof v.payload === 'number') expect(Number.isFinite(v.payload), `${name} ${v.topic}`).toBe(true);
        else expect(v.payload.length, `${name} ${v.topic}`).toBeLessThanOrEqual(255);
        expect(v.topic, name).toMatch(/^[a-z0-9_/LA-Z-]+$/);
      }
    }
  });
});
