import { MeterEmulator } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { describe, expect, it } from 'vitest';
import { jsonLines, runP1 } from './run-p1.js';

const START = '2025-01-15T06:00:00Z';

/** What the emulator with these options sends, as the readings a correct parser makes of it. */
function emulated(count: number, options: ConstructorParameters<typeof MeterEmulator>[0]): unknown[] {
  const meter = new MeterEmulator(options);
  return Array.from({ length: count }, () => JSON.parse(JSON.stringify(expectedReading(meter.next().state))) as unknown);
}

describe('p1 watch (not on a terminal: JSON lines)', () => {
  it('writes one JSON line per reading of the emulator, each the reading its telegram holds', async () => {
    const run = await runP1(['watch', '--emulator', 'dsmr5', '--speed', '0', '--count', '12', '--seed', '3', '--start', START]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(emulated(12, { profile: 'dsmr5', seed: 3, start: START, realistic: true }));
  });

  it("runs p1-reader's steady emulator mode with --steady", async () => {
    const run = await runP1(['watch', '--emulator', '--steady', '--speed', '0', '--count', '3', '--start', START]);
    expect(run.code).toBe(0);
    const readings = jsonLines(run.stdout) as { electricity: { received: { tariff1: { reading: number } } } }[];
    expect(readings).toEqual(emulated(3, { profile: 'dsmr4', seed: 1, start: START }));
    expect(readings.map((r) => r.electricity.received.tariff1.reading)).toEqual([0, 0.1, 0.2]);
  });

  it('reads the emulator when P1_EMULATOR=true, as a config file\'s "emulator": true', async () => {
    const run = await runP1(['watch', '--speed', '0', '--count', '2'], { env: { P1_EMULATOR: 'true' } });
    expect(run.code, run.stderr).toBe(0);
    expect((jsonLines(run.stdout) as { version: string }[]).map((r) => r.version)).toEqual(['50', '50']);
  });

  it('reads the emulator when no source is given', async () => {
    for (const args of [['watch', '--count', '2'], ['--count', '2']]) {
      const run = await runP1(args);
      expect(run.code).toBe(0);
      const readings = jsonLines(run.stdout) as { version: string; timestamp: string }[];
      expect(readings.map((r) => r.version)).toEqual(['50', '50']);
      expect(Date.parse(readings[1]!.timestamp) - Date.parse(readings[0]!.timestamp)).toBe(1000);
    }
  });

  it('sends the first reading at once, also at the 10 s pace of DSMR 4', async () => {
    // Real time: a reading that had to wait for the interval would take this test past its time limit.
    const run = await runP1(['watch', '--emulator', 'dsmr4', '--count', '1']);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ version: '42' })]);
  });

  it('refuses wrong flags with exit code 2 and says what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['watch', '--bogus'], /Unknown option '--bogus'[\s\S]*p1 watch --help/],
      [['watch', '--emulator', 'dsmr9'], /--emulator: unknown profile "dsmr9"; use dsmr2\.2, dsmr3, dsmr4, dsmr5, emucs/],
      [['watch', '--count', 'many'], /--count needs a whole number >= 1, got "many"/],
      [['watch', '--port', 'tcp://nowhere'], /a network dongle is tcp:\/\/HOST:PORT/],
      [['watch', '--port', '/dev/ttyUSB0', '--emulator'], /either --port or --emulator/],
      [['watch', '--port', '/dev/ttyUSB0', '--parity', 'odd'], /--parity must be none or even, got "odd"/],
      [['watch', '--start', '+099999-01-01T00:00:00Z', '--count', '1'], /--start needs a time in 2000-2098/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const run = await runP1(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
