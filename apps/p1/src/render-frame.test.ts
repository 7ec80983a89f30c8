import type { MutableReading, Reading } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { fixtureTelegram } from '../test/fixtures.js';
import { addRejected, addTelegram, createLiveState, HISTORY_LENGTH, type LiveState } from './live-state.js';
import { renderFrame } from './render-frame.js';

const SEED = fixtureTelegram('dsmr42-seed-readme-reading-structure');
const AM550 = fixtureTelegram('dsmr5-iskra-am550-three-phase');
const SINGLE = fixtureTelegram('emucs14-siconia-s211-single-phase');

/** The seed telegram's reading with its power, registers and time set: a meter's readings over time. */
function at(seconds: number, importKw: number, exportKw: number, importKwh: number, gas: number): Reading {
  const r = structuredClone(SEED.reading) as MutableReading;
  r.timestamp = new Date(Date.UTC(2010, 11, 9, 10, 30, 20) + seconds * 1000).toISOString();
  r.electricity.received.actual.reading = importKw;
  r.electricity.delivered.actual.reading = exportKw;
  r.electricity.received.tariff1.reading = importKwh;
  r.electricity.received.tariff2.reading = 0;
  r.gas.reading = gas;
  return r;
}

function live(readings: Reading[], source = 'emulator, DSMR 4.0.x-4.2.x household'): LiveState {
  return readings.reduce((s, reading) => addTelegram(s, { reading, profile: 'dsmr4' }, 0), createLiveState(source));
}

const plain = (state: LiveState, width = 100, height = 40): string => renderFrame(state, width, height, { timeZone: 'UTC' });

describe('renderFrame', () => {
  it('shows power now, per phase, tariff, gas, voltage and the meter from one telegram', () => {
    const frame = plain(live([SEED.reading]));
    expect(frame).toContain('p1 watch');
    expect(frame).toContain('emulator, DSMR 4.0.x-4.2.x household');
    expect(frame).toContain('2010-12-09 10:30:20');
    expect(frame).toMatch(/Import\s+1\.193 kW\s+Export\s+0\.000 kW\s+Tariff\s+2 \(normal\)/);
    expect(frame).toMatch(/Import\s+1\.111 kW\s+2\.222 kW\s+3\.333 kW/);
    expect(frame).toMatch(/Export\s+4\.444 kW\s+5\.555 kW\s+6\.666 kW/);
    expect(frame).toMatch(/Voltage\s+231\.0 V\s+232\.0 V\s+233\.0 V/);
    expect(frame).toMatch(/Current\s+1 A\s+2 A\s+3 A/);
    expect(frame).toContain('Gas      12785.123 m3  at 2010-12-09 10:00:00');
    expect(frame).toContain('import T1 123456.789  T2 123456.789 kWh');
    expect(frame).toContain('1 reading · 0 rejected');
    expect(frame).toContain('Ctrl-C to quit');
  });

  it('names the tariffs as the standard means them: Belgian 1 is day', () => {
    const reading = structuredClone(SEED.reading) as MutableReading;
    reading.electricity.tariffIndicator = 1;
    const frame = plain(addTelegram(createLiveState('x'), { reading, profile: 'emucs' }, 0));
    expect(frame).toMatch(/Tariff\s+1 \(day\)/);
  });

  it('counts energy since the first reading and draws the power of every reading as a sparkline', () => {
    const state = live([at(0, 0, 0, 100, 50), at(10, 1, 0, 100.5, 50.1), at(20, 2, 0, 101.25, 50.1), at(30, 0, 2, 101.25, 50.2)]);
    const frame = plain(state);
    expect(frame).toMatch(/Since start \(30 s\)\s+import 1\.250 kWh\s+export 0\.000 kWh\s+gas 0\.200 m3/);
    const lines = frame.split('\n');
    const importRow = lines.find((l) => l.startsWith('Import') && /[·▁-█]{4}/.test(l))!;
    const exportRow = lines.find((l) => l.startsWith('Export') && /[·▁-█]{4}/.test(l))!;
    // Import 0, 1, 2, 0 kW and export 0, 0, 0, 2 kW on one scale whose top is 2 kW; nothing flowing is a dot.
    expect(importRow.slice(9)).toBe('·▄█·');
    expect(exportRow.slice(9)).toBe('···█');
    expect(frame).toContain('last 30 s, full height 2.000 kW');
  });

  it('shows the last readings that fit the width in the sparkline, and keeps a bounded history', () => {
    const readings = Array.from({ length: HISTORY_LENGTH + 50 }, (_, i) => at(i, i % 8, 0, 100, 50));
    const state = live(readings);
    expect(state.history).toHaveLength(HISTORY_LENGTH);
    const frame = plain(state, 40);
    const importRow = frame.split('\n').find((l) => l.startsWith('Import') && /[▁-█]/.test(l))!;
    expect(importRow).toHaveLength(40);
  });

  it('leaves out the phases a single-phase meter does not have', () => {
    const frame = plain(live([SINGLE.reading]));
    expect(frame).toMatch(/Voltage\s+233\.2 V\s+–\s+–/);
    expect(frame).toMatch(/Current\s+4 A\s+–\s+–/);
  });

  it('shows a Belgian meter\'s capacity-tariff demand and a text message', () => {
    const be = fixtureTelegram('emucs17-fluvius-capacity-13-months');
    const frame = plain(addTelegram(createLiveState('x'), { reading: be.reading, profile: be.profile }, 0));
    expect(frame).toMatch(/Demand\s+\d+\.\d{3} kW this quarter hour/);
    expect(plain(live([SEED.reading]))).toContain('Message  0123456789:;<=>?');
  });

  it('says it is waiting before the first telegram, and counts rejected telegrams', () => {
    const state = addRejected(createLiveState('/dev/ttyUSB0'), 'CRC mismatch in telegram');
    const frame = plain(state);
    expect(frame).toContain('Waiting for the first telegram from /dev/ttyUSB0…');
    expect(frame).toContain('0 readings · 1 rejected · CRC mismatch in telegram');
  });

  it('fits any terminal: no line wider than it, no more lines than it has, the most important kept', () => {
    const state = live([at(0, 0, 0, 100, 50), AM550.reading]);
    for (const [width, height] of [[120, 50], [80, 24], [60, 14], [40, 8], [20, 3], [10, 1]] as const) {
      const lines = plain(state, width, height).split('\n');
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
    }
    const tiny = plain(state, 80, 3);
    expect(tiny).toContain('p1 watch');
    expect(tiny).toMatch(/Import\s+0\.000 kW\s+Export\s+3\.402 kW/);
  });

  it('keeps the meter\'s time in the header at 80 columns, shortening a long source instead', () => {
    const be = fixtureTelegram('emucs17-fluvius-capacity-13-months');
    const state = addTelegram(createLiveState('emulator, eMUCs (Belgium) 1.4 / 1.7+ household, 60x'), { reading: be.reading, profile: be.profile }, 0);
    const [header80] = plain(state, 80).split('\n');
    expect(header80).toMatch(/^p1 watch  emulator, eMUCs .*2025-01-14 08:30:12$/);
    expect([...header80!].length).toBeLessThanOrEqual(80);
    const [header50] = plain(state, 50).split('\n');
    expect(header50).toBe('p1 watch  emulator, eMUCs (Be… 2025-01-14 08:30:12');
  });

  it('wraps a row that does not fit between its fields: no word is cut, down to 50 columns', () => {
    const be = fixtureTelegram('emucs17-fluvius-capacity-13-months');
    const state = addTelegram(addTelegram(createLiveState('x'), { reading: be.reading, profile: be.profile }, 0), { reading: be.reading, profile: be.profile }, 0);
    const wordsOf = (frame: string): string[] => frame.split(/\s+/).filter((w) => w !== '');
    const wide = new Set(wordsOf(plain(state, 200, 60)));
    for (const width of [80, 64, 50]) {
      const frame = plain(state, width, 60);
      for (const line of frame.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(width);
      expect(wordsOf(frame).filter((w) => !wide.has(w)), `${width} columns`).toEqual([]);
      expect(frame).toMatch(/Tariff {2}1 \(day\)/);
      expect(frame).toMatch(/export T1 \d+\.\d{3} {2}T2 \d+\.\d{3} kWh/);
      expect(frame).toMatch(/peak this month \d+\.\d{3} kW/);
    }
    // At 50 columns the now-row goes on to a second, indented line.
    expect(plain(state, 50, 60)).toMatch(/Import\s+1\.957 kW\s+Export\s+0\.000 kW\n {9}Tariff {2}1 \(day\)/);
  });

  it('draws no export as dots, not as a row of the lowest block that reads like a small export', () => {
    const state = live([at(0, 1, 0, 100, 50), at(10, 2, 0, 100, 50), at(20, 0.5, 0, 100, 50)]);
    const exportRow = plain(state).split('\n').find((l) => /^Export\s+[·▁-█]{3}$/.test(l))!;
    expect(exportRow.slice(9)).toBe('···');
  });

  it('shows every current of a meter with the same decimals (eMUCs: 7.00 A, not 7 A next to 0.36 A)', () => {
    const be = structuredClone(fixtureTelegram('emucs17-fluvius-capacity-13-months').reading) as MutableReading;
    const { current } = be.electricity.instantaneous;
    [current.L1.reading, current.L2.reading, current.L3.reading] = [7, 0.36, 2.5];
    const frame = plain(addTelegram(createLiveState('x'), { reading: be, profile: 'emucs' }, 0));
    expect(frame).toMatch(/Current\s+7\.00 A\s+0\.36 A\s+2\.50 A/);
    // Whole amperes, as DSMR sends them, stay whole.
    expect(plain(live([SEED.reading]))).toMatch(/Current\s+1 A\s+2 A\s+3 A/);
  });

  it('colours on request, without changing the text', () => {
    const state = live([SEED.reading]);
    const colored = renderFrame(state, 100, 40, { timeZone: 'UTC', color: true });
    expect(colored).toContain('\x1b[');
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain(state));
  });
});

describe('renderFrame: meters that send totals', () => {
  const SE = fixtureTelegram('se-aidon-6534-reactive-per-phase');
  const HOLLEY = fixtureTelegram('quirk-header-slash-inside-holley-d545');

  it("shows a Swedish meter's totals and reactive registers, not empty tariffs", () => {
    const frame = plain(addTelegram(createLiveState('x'), SE, 0));
    expect(frame).toContain('import 10117.368 kWh');
    expect(frame).toContain('export 0.000 kWh');
    expect(frame).toMatch(/Reactive\s+import 1759\.974 kVArh\s+export 1260\.519 kVArh/);
    expect(frame).not.toContain('T1');
  });

  it('shows the tariffs and the total of a meter with more tariffs than two, and counts since start from the total', () => {
    const first = addTelegram(createLiveState('x'), HOLLEY, 0);
    const later = structuredClone(HOLLEY.reading) as MutableReading;
    later.timestamp = new Date(Date.parse(HOLLEY.reading.timestamp!) + 60_000).toISOString();
    // Energy on tariff 3, which the reading has no place for: only the total shows it.
    later.electricity.received.total.reading = 4410.781;
    const frame = plain(addTelegram(first, { reading: later, profile: HOLLEY.profile }, 0));
    expect(frame).toContain('import T1 2318.007  T2 1604.662  total 4410.781 kWh');
    expect(frame).toMatch(/Since start \(60 s\)\s+import 0\.500 kWh/);
    expect(frame).not.toContain('Reactive');
  });
});
