import { parseTelegram, type Reading } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { MeterEmulator } from './meter-emulator.js';

// The README's promise for the seed's emulator mode, checked on what @p1/core parses from the bytes. Telegram n
// (n = 0, 1, 2, ...) is stamped start + n x interval and says:
//   electricity.received.tariff1 = electricityOffset + n x electricityIncrement                  kWh
//   electricity.received.actual  = electricityIncrement x 3600 / interval                         kW
//   gas.reading   = gasOffset + floor(n x interval / intervalGas) x gasIncrement                  m3
//   gas.timestamp = start + floor(n x interval / intervalGas) x intervalGas
// each as the meter shows it: rounded to 3 decimals.
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const START = Date.UTC(2025, 0, 6, 8, 0, 0);

function telegrams(options: ConstructorParameters<typeof MeterEmulator>[0], count: number): Reading[] {
  const meter = new MeterEmulator({ start: START, ...options });
  return Array.from({ length: count }, () => parseTelegram(meter.next().bytes).reading);
}

function expectSeedNumbers(reading: Reading, n: number, o: { electricityOffset: number; electricityIncrement: number; gasOffset: number; gasIncrement: number; interval: number; intervalGas: number }): void {
  const gasSteps = Math.floor((n * o.interval) / o.intervalGas);
  expect(reading.timestamp).toBe(new Date(START + n * o.interval * 1000).toISOString());
  expect(reading.electricity.received.tariff1).toEqual({ reading: round3(o.electricityOffset + n * o.electricityIncrement), unit: 'kWh' });
  expect(reading.electricity.received.actual).toEqual({ reading: round3((o.electricityIncrement * 3600) / o.interval), unit: 'kW' });
  expect(reading.gas.reading).toBe(round3(o.gasOffset + gasSteps * o.gasIncrement));
  expect(reading.gas.timestamp).toBe(new Date(START + gasSteps * o.intervalGas * 1000).toISOString());
  // Nothing else moves: tariff 1 throughout, no delivery.
  expect(reading.electricity.tariffIndicator).toBe(1);
  expect(reading.electricity.received.tariff2.reading).toBe(0);
  expect(reading.electricity.delivered.tariff1.reading).toBe(0);
  expect(reading.electricity.delivered.actual.reading).toBe(0);
}

describe("the seed's emulator mode (no options)", () => {
  it('is a DSMR 4 meter with a telegram every 10 s', () => {
    const meter = new MeterEmulator({ start: START });
    const first = parseTelegram(meter.next().bytes);
    const second = parseTelegram(meter.next().bytes);
    expect(first.profile).toBe('dsmr4');
    expect(first.crc?.valid).toBe(true);
    expect(first.reading.version).toBe('42');
    expect(first.reading.meterType).toBe('KFM5KAIFA-METER');
    expect(Date.parse(second.reading.timestamp!) - Date.parse(first.reading.timestamp!)).toBe(10_000);
  });

  it('with the defaults: +0.1 kWh every 10 s (36 kW), +0.1 m3 of gas every hour, from 0', () => {
    const defaults = { electricityOffset: 0, electricityIncrement: 0.1, gasOffset: 0, gasIncrement: 0.1, interval: 10, intervalGas: 3600 };
    const readings = telegrams({}, 730); // two hours and a bit: two gas steps
    readings.forEach((reading, n) => expectSeedNumbers(reading, n, defaults));
    expect(readings[729]!.electricity.received.tariff1.reading).toBe(72.9);
    expect(readings[729]!.gas.reading).toBe(0.2);
  });

  it("with the seed's own example overrides (interval 1 s, gas every 3 s)", () => {
    const overrides = { electricityOffset: 100, electricityIncrement: 0.5, gasOffset: 50, gasIncrement: 0.1, interval: 1, intervalGas: 3 };
    const readings = telegrams(overrides, 100);
    readings.forEach((reading, n) => expectSeedNumbers(reading, n, overrides));
    expect(readings[10]!.electricity.received.tariff1.reading).toBe(105);
    expect(readings[10]!.gas).toMatchObject({ reading: 50.3, timestamp: new Date(START + 9000).toISOString() });
  });

  it('with increments that are not round numbers, the registers do not drift', () => {
    const odd = { electricityOffset: 12345.678, electricityIncrement: 0.007, gasOffset: 0.5, gasIncrement: 0.013, interval: 7, intervalGas: 60 };
    const readings = telegrams(odd, 3000);
    for (const n of [0, 1, 999, 2999]) expectSeedNumbers(readings[n]!, n, odd);
  });

  it('other profiles keep the numbers at their own pace: 1 s telegrams with 0.01 kWh and 0.01 m3 per 5 minutes', () => {
    for (const profile of ['dsmr5', 'emucs'] as const) {
      const pace = { electricityOffset: 0, electricityIncrement: 0.01, gasOffset: 0, gasIncrement: 0.01, interval: 1, intervalGas: 300 };
      const readings = telegrams({ profile }, 601);
      for (const n of [0, 1, 299, 300, 600]) expectSeedNumbers(readings[n]!, n, pace);
    }
  });
});
