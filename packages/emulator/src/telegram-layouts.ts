import { freezeDeep } from '@p1/core/internal';
import type { ProfileId } from '@p1/core';
import { currentDemand } from './capacity-demand.js';
import type { DeviceMedium, EmulatorConfig } from './emulator-options.js';
import type { MbusDeviceState, MeterState, PhaseValues } from './meter-state.js';
import {
  line,
  mbusLine,
  message,
  octets,
  perPhase,
  plain,
  quantity,
  targetOf,
  timestamp,
  whole,
  type MbusLine,
  type TelegramLine,
} from './telegram-line.js';
import { fixed, fixedSteps, iso, localStamp, padded, quantize, stamp, steps, toHex } from './value-format.js';

/**
 * The telegram layouts the emulator has: one per standard, and `smarty`, the Luxembourg variant of DSMR 4.2 (sent
 * encrypted).
 */
export type LayoutId = ProfileId | 'smarty';

/** What the telegrams of one standard carry, line by line in the order meters send them, and in what format. */
export interface TelegramLayout {
  /** The standard a parser reads the telegrams as. */
  profile: ProfileId;
  /** The identification line (without `/`) of a real meter of this standard, used when none is given. */
  header: string;
  lines: readonly TelegramLine[];
  /** Sent for every M-Bus device, after the meter's own lines. */
  mbus: readonly MbusLine[];
}

// ---- Lines the standards share ------------------------------------------------------------------------------

const energy = (integers: number): TelegramLine[] => [
  quantity('1-0:1.8.1', (s) => s.energy.received[0], integers, 3, 'kWh'),
  quantity('1-0:1.8.2', (s) => s.energy.received[1], integers, 3, 'kWh'),
  quantity('1-0:2.8.1', (s) => s.energy.delivered[0], integers, 3, 'kWh'),
  quantity('1-0:2.8.2', (s) => s.energy.delivered[1], integers, 3, 'kWh'),
];

const tariff = whole('0-0:96.14.0', (s) => s.tariff, 4);

const power = (integers: number, decimals: number): TelegramLine[] => [
  quantity('1-0:1.7.0', (s) => s.power.received, integers, decimals, 'kW'),
  quantity('1-0:2.7.0', (s) => s.power.delivered, integers, decimals, 'kW'),
];

const telegramTime = timestamp('0-0:1.0.0', (s) => s.time);
const meterId = octets('0-0:96.1.1', (s) => s.config.equipmentId);
const messageCodes = plain('0-0:96.13.1', () => '');
const textMessage = message('0-0:96.13.0', (s) => s.textMessage);
const switchPosition = plain('0-0:96.3.10', () => '1');

/** `1-0:99.97.0(n)(0-0:96.7.19)(end)(duration*s)...`: oldest first, as Kaifa meters send it. */
const powerFailureLog: TelegramLine = {
  obis: '1-0:99.97.0',
  target: targetOf('1-0:99.97.0'),
  render: line('1-0:99.97.0', (s) => s.powerFailureLog, (log) =>
    `(${log.length})(0-0:96.7.19)${log.map((f) => `(${stamp(f.end)})(${padded(f.duration, 10)}*s)`).join('')}`),
  expect: (s) => ({
    count: s.powerFailureLog.length,
    log: s.powerFailureLog.map((f) => ({
      startOfFailure: iso(f.end - f.duration * 1000),
      endOfFailure: iso(f.end),
      duration: f.duration,
      unit: 's',
    })),
  }),
};

const powerFailures: TelegramLine[] = [
  whole('0-0:96.7.21', (s) => s.powerFailures, 5),
  whole('0-0:96.7.9', (s) => s.longPowerFailures, 5),
  powerFailureLog,
];

const counter = (obis: string, get: (s: MeterState) => number): TelegramLine => whole(obis, get, 5);
const voltageEvents: TelegramLine[] = [
  ...perPhase(['1-0:32.32.0', '1-0:52.32.0', '1-0:72.32.0'], (s) => s.voltageSags, counter),
  ...perPhase(['1-0:32.36.0', '1-0:52.36.0', '1-0:72.36.0'], (s) => s.voltageSwells, counter),
];

const voltages = perPhase(['1-0:32.7.0', '1-0:52.7.0', '1-0:72.7.0'], (s) => s.voltage, (o, g) => quantity(o, g, 3, 1, 'V'));

const currents = (decimals: number): TelegramLine[] =>
  perPhase(['1-0:31.7.0', '1-0:51.7.0', '1-0:71.7.0'], (s) => s.current, (o, g) => quantity(o, g, 3, decimals, 'A'));

/** Per-phase power in kW with 3 decimals: L1, L2, L3 received, then L1, L2, L3 delivered. */
const phasePowers = (integers: number): TelegramLine[] => {
  const kW = (o: string, g: (s: MeterState) => number): TelegramLine => quantity(o, g, integers, 3, 'kW');
  return [
    ...perPhase(['1-0:21.7.0', '1-0:41.7.0', '1-0:61.7.0'], (s) => s.power.receivedPhases, kW),
    ...perPhase(['1-0:22.7.0', '1-0:42.7.0', '1-0:62.7.0'], (s) => s.power.deliveredPhases, kW),
  ];
};
const phasePower = phasePowers(2);

// ---- Totals and reactive registers (Luxembourg, Sweden) -------------------------------------------------------

const total = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
/** Reactive quantities: the emulated household has none of its own; a tenth of the active one keeps them moving. */
const REACTIVE = 0.1;
const reactive = (values: PhaseValues): PhaseValues => values.map((p) => REACTIVE * p) as PhaseValues;

/** `1-0:1.8.0` and `2.8.0`: the sum of the tariff registers, for meters that send no tariffs. */
const totals = (integers: number): TelegramLine[] => [
  quantity('1-0:1.8.0', (s) => total(s.energy.received), integers, 3, 'kWh'),
  quantity('1-0:2.8.0', (s) => total(s.energy.delivered), integers, 3, 'kWh'),
];

/** `1-0:3.8.0` and `4.8.0` in `unit` as the meter spells it (`kvarh`, `kVArh`). */
const reactiveEnergy = (integers: number, unit: string): TelegramLine[] => [
  quantity('1-0:3.8.0', (s) => REACTIVE * total(s.energy.received), integers, 3, unit),
  quantity('1-0:4.8.0', (s) => REACTIVE * total(s.energy.delivered), integers, 3, unit),
];

/** `1-0:3.7.0` and `4.7.0`, in `unit` as the meter spells it (`kvar`, `kVAr`). */
const reactivePower = (integers: number, unit: string): TelegramLine[] => [
  quantity('1-0:3.7.0', (s) => REACTIVE * s.power.received, integers, 3, unit),
  quantity('1-0:4.7.0', (s) => REACTIVE * s.power.delivered, integers, 3, unit),
];

/** Per-phase reactive power: `23/43/63.7.0` received, then `24/44/64.7.0` delivered. */
const phaseReactivePower = (integers: number, unit: string): TelegramLine[] => {
  const make = (o: string, g: (s: MeterState) => number): TelegramLine => quantity(o, g, integers, 3, unit);
  return [
    ...perPhase(['1-0:23.7.0', '1-0:43.7.0', '1-0:63.7.0'], (s) => reactive(s.power.receivedPhases), make),
    ...perPhase(['1-0:24.7.0', '1-0:44.7.0', '1-0:64.7.0'], (s) => reactive(s.power.deliveredPhases), make),
  ];
};

// ---- The Belgian capacity tariff ----------------------------------------------------------------------------

const demandNow = quantity('1-0:1.4.0', (s) => currentDemand(s.demand, s.time), 2, 3, 'kW');

const monthPeak: TelegramLine = {
  obis: '1-0:1.6.0',
  target: targetOf('1-0:1.6.0'),
  render: line('1-0:1.6.0', (s) => s.demand.monthMaximum, (peak) => `(${stamp(peak.time)})(${fixed(peak.value, 2, 3)}*kW)`),
  expect: (s) => ({ timestamp: iso(s.demand.monthMaximum.time), reading: quantize(s.demand.monthMaximum.value, 3), unit: 'kW' }),
};

/** `0-0:98.1.0(n)(1-0:1.6.0)(1-0:1.6.0)` + n (month)(peak time)(peak) triples, oldest first. */
const peakHistory: TelegramLine = {
  obis: '0-0:98.1.0',
  target: targetOf('0-0:98.1.0'),
  render: line('0-0:98.1.0', (s) => s.demand.history, (history) =>
    `(${history.length})(1-0:1.6.0)(1-0:1.6.0)${history.map((m) => `(${stamp(m.month)})(${stamp(m.time)})(${fixed(m.value, 2, 3)}*kW)`).join('')}`),
  expect: (s) => ({
    count: s.demand.history.length,
    months: s.demand.history.map((m) => ({ month: iso(m.month), timestamp: iso(m.time), value: quantize(m.value, 3), unit: 'kW' })),
  }),
};

// ---- M-Bus devices ------------------------------------------------------------------------------------------

/** EN 13757-3 device types (spec digest §3.5). */
const DEVICE_TYPES: Record<DeviceMedium, number> = { gas: 3, water: 7, heat: 4 };
const UNITS: Record<DeviceMedium, string> = { gas: 'm3', water: 'm3', heat: 'GJ' };

/** `0-n:24.1.0`: 2.2 sends `3`, 3.0 `03`, later standards `003`. */
const deviceType = (width: number): MbusLine => ({
  code: '24.1.0',
  render: mbusLine('24.1.0', (d) => d.medium, (medium) => `(${padded(DEVICE_TYPES[medium], width)})`),
  expect: (d) => ({ deviceType: padded(DEVICE_TYPES[d.medium], width) }),
});

const deviceId = (code: '96.1.0' | '96.1.1'): MbusLine => ({
  code,
  render: mbusLine(code, (d) => d.equipmentId, (id) => `(${toHex(id)})`),
  expect: (d) => ({ equipmentId: toHex(d.equipmentId) }),
});

const captured = (d: MbusDeviceState) => ({ timestamp: iso(d.captured.time), reading: quantize(d.captured.value, 3), unit: UNITS[d.medium] });

/** `0-n:24.2.1(TST)(value*unit)` (NL, BE water and heat) or `24.2.3` (BE gas, not temperature-corrected). */
const deviceValue = (code: '24.2.1' | '24.2.3', media?: readonly DeviceMedium[]): MbusLine => ({
  code,
  render: mbusLine(code, (d) => d.captured, (c, d) => `(${stamp(c.time)})(${fixed(c.value, 5, 3)}*${UNITS[d.medium]})`),
  expect: captured,
  ...(media && { media }),
});

/** DSMR 2.2/3.0: a profile header with a 12-digit local stamp, and the value alone on the next line. */
const deviceProfileValue: MbusLine = {
  code: '24.3.0',
  render: mbusLine(
    '24.3.0',
    (d) => d.captured,
    (c, d, s) =>
      `(${localStamp(c.time)})(00)(${Math.max(1, Math.round(s.config.intervalGas / 60))})(1)` +
      `(0-${d.channel}:24.2.1)(${UNITS[d.medium]})\r\n(${fixed(c.value, 5, 3)})`,
  ),
  expect: captured,
};

const gasValve: MbusLine = {
  code: '24.4.0',
  render: mbusLine('24.4.0', () => '1', (position) => `(${position})`),
  expect: () => ({ valvePosition: '1' }),
  media: ['gas'],
};

// ---- The standards ------------------------------------------------------------------------------------------

/** Real 2.2 meters send the 3.0 object set (spec digest §4.1 notes). */
const DSMR3_LINES: TelegramLine[] = [
  meterId,
  ...energy(5),
  tariff,
  ...power(4, 2),
  quantity('0-0:17.0.0', () => 999, 4, 2, 'kW'),
  switchPosition,
  messageCodes,
  textMessage,
];

/** DSMR 4.x and 5.x telegrams begin alike (Kaifa, Landis+Gyr, Sagemcom order). */
const dsmrHead = (version: string): TelegramLine[] => [
  plain('1-3:0.2.8', () => version),
  telegramTime,
  meterId,
  ...energy(6),
  tariff,
  ...power(2, 3),
  ...powerFailures,
  ...voltageEvents,
];
const DSMR_MBUS = [deviceType(3), deviceId('96.1.0'), deviceValue('24.2.1')];

// ---- Luxembourg's Smarty -------------------------------------------------------------------------------------

/** A quantity a `Reading` does not carry (yet): sent, not expected anywhere. */
const sentOnly = (obis: string, get: (s: MeterState) => number, integers: number, decimals: number, unit: string): TelegramLine => ({
  obis,
  render: line(obis, (s) => steps(get(s), decimals), (n) => `(${fixedSteps(n, integers, decimals)}*${unit})`),
});
const constant = (obis: string, groups: string): TelegramLine => ({ obis, render: line(obis, () => groups, (g) => g) });

/**
 * Smarty P1 1.1.3, in the order of a real Sagemcom T210-D: totals instead of tariff registers, reactive energy and
 * power, apparent power, the limiter `1-1:31.4.0`, relays on `0-n:96.3.10`, five message lines.
 */
const SMARTY_LINES: TelegramLine[] = [
  plain('1-3:0.2.8', () => '42'),
  telegramTime,
  octets('0-0:42.0.0', (s) => s.config.equipmentId), // the Smarty's meter id: reading.equipmentId
  ...totals(6),
  ...reactiveEnergy(6, 'kvarh'),
  ...power(2, 3),
  ...reactivePower(2, 'kvar'),
  quantity('0-0:17.0.0', () => 27.6, 3, 1, 'kVA'),
  sentOnly('1-0:9.7.0', (s) => s.power.received, 2, 3, 'kVA'),
  sentOnly('1-0:10.7.0', (s) => s.power.delivered, 2, 3, 'kVA'),
  constant('1-1:31.4.0', '(040*A)(-040*A)'),
  switchPosition,
  constant('0-1:96.3.10', '(0)'),
  constant('0-2:96.3.10', '(0)'),
  whole('0-0:96.7.21', (s) => s.powerFailures, 5),
  ...voltageEvents,
  textMessage,
  ...['0-0:96.13.2', '0-0:96.13.3', '0-0:96.13.4', '0-0:96.13.5'].map((obis) => constant(obis, '()')),
  ...voltages,
  ...currents(0),
  ...phasePower,
  ...phaseReactivePower(2, 'kvar'),
];

// ---- Sweden ---------------------------------------------------------------------------------------------------

/**
 * The Branschrekommendation's P1, in the order and formats of a Swedish Kamstrup (`/KAM5`): no version, id, tariffs
 * or M-Bus; totals and reactive energy F8.3, power F4.3 in total and per phase, voltages and currents F3.1.
 */
const SE_LINES: TelegramLine[] = [
  telegramTime,
  ...totals(8),
  ...reactiveEnergy(8, 'kVArh'),
  ...power(4, 3),
  ...reactivePower(4, 'kVAr'),
  ...phasePowers(4),
  ...phaseReactivePower(4, 'kVAr'),
  ...voltages,
  ...currents(1),
];

/** The telegrams of every standard, as data: which lines, in which order, in which format. */
export const TELEGRAM_LAYOUTS: Readonly<Record<LayoutId, TelegramLayout>> = freezeDeep({
  'dsmr2.2': {
    profile: 'dsmr2.2',
    header: 'ISk5\\2MT382-1000',
    lines: DSMR3_LINES,
    mbus: [deviceType(1), deviceId('96.1.0'), deviceProfileValue, gasValve],
  },
  dsmr3: {
    profile: 'dsmr3',
    header: 'XMX5XMXABCE000018914',
    lines: DSMR3_LINES,
    // 3.0 meters send the id before the device type.
    mbus: [deviceId('96.1.0'), deviceType(2), deviceProfileValue, gasValve],
  },
  dsmr4: {
    profile: 'dsmr4',
    header: 'KFM5KAIFA-METER',
    lines: [...dsmrHead('42'), messageCodes, textMessage, ...currents(0), ...phasePower],
    mbus: DSMR_MBUS,
  },
  dsmr5: {
    profile: 'dsmr5',
    header: 'Ene5\\T210-D ESMR5.0',
    // 5.0 drops the message codes and adds the voltages.
    lines: [...dsmrHead('50'), textMessage, ...voltages, ...currents(0), ...phasePower],
    mbus: DSMR_MBUS,
  },
  emucs: {
    profile: 'emucs',
    header: 'FLU5\\253770234_A',
    lines: [
      plain('0-0:96.1.4', () => '50217'),
      meterId,
      telegramTime,
      ...energy(6),
      tariff,
      demandNow,
      monthPeak,
      peakHistory,
      ...power(2, 3),
      ...phasePower,
      ...voltages,
      ...currents(2),
      switchPosition,
      quantity('0-0:17.0.0', () => 999.9, 3, 1, 'kW'),
      quantity('1-0:31.4.0', () => 999, 3, 0, 'A'),
      textMessage,
    ],
    mbus: [deviceType(3), deviceId('96.1.1'), gasValve, deviceValue('24.2.3', ['gas']), deviceValue('24.2.1', ['water', 'heat'])],
  },
  se: {
    profile: 'se',
    header: 'KAM5',
    lines: SE_LINES,
    mbus: [],
  },
  smarty: {
    profile: 'dsmr4',
    header: 'Lux5\\253663629_D',
    lines: SMARTY_LINES,
    mbus: [deviceType(3), deviceId('96.1.0'), deviceValue('24.2.1'), gasValve],
  },
});

const sentLines = new WeakMap<EmulatorConfig, Map<LayoutId, readonly TelegramLine[]>>();

/** The lines a meter configured so sends in a layout: single-phase meters send no L2 and L3 lines. */
export function linesSent(config: EmulatorConfig, profile: LayoutId): readonly TelegramLine[] {
  let byProfile = sentLines.get(config);
  if (byProfile === undefined) sentLines.set(config, (byProfile = new Map()));
  let lines = byProfile.get(profile);
  if (lines === undefined) {
    lines = TELEGRAM_LAYOUTS[profile].lines.filter((l) => l.phase === undefined || config.phases === 3);
    byProfile.set(profile, lines);
  }
  return lines;
}

/** Whether the device sends the M-Bus line. */
export function isSentBy(mbusLine: MbusLine, device: MbusDeviceState): boolean {
  return mbusLine.media === undefined || mbusLine.media.includes(device.medium);
}
