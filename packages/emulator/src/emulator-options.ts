import { P1Error, PROFILES, type ProfileId } from '@p1/core';
import { resolveEncryption, type EncryptionConfig, type EncryptionOptions } from './encrypt-telegram.js';
import { checkFaults, parseFaults, type FaultOptions } from './faults.js';
import { HOUSEHOLD_REGISTERS } from './household-model.js';
import { TELEGRAM_LAYOUTS, type LayoutId } from './telegram-layouts.js';

/** What an M-Bus device measures; the emulator offers the three P1 meters carry in the field. */
export type DeviceMedium = 'gas' | 'water' | 'heat';

/** One M-Bus device on the meter. */
export interface MbusDeviceOptions {
  medium: DeviceMedium;
  /** M-Bus channel 1-4. Default: the lowest one still free. */
  channel?: number;
  /** The id as text; telegrams carry it in hex. Default: a made-up id per medium. */
  equipmentId?: string;
  /**
   * The device's first reading, m3 (gas, water) or GJ (heat). Default: `gasOffset` for gas; otherwise 0, or the
   * household's register in the realistic model.
   */
  offset?: number;
  /** Steady model: added every `intervalGas` seconds. Default: `gasIncrement` for gas, 0 otherwise. */
  increment?: number;
}

/** The household the realistic model simulates; every part can be tuned or switched off. */
export interface RealisticOptions {
  /** Switch tariffs by local time (NL: low at night and weekends; BE: codes reversed). Default true. */
  tariffs?: boolean;
  /** Peak power of the solar panels in kW; 0 for none. Default 4. */
  solar?: number;
  /** Mean power failures per day, on one phase, logged when long (>= 180 s). Default 0.5. */
  powerFailuresPerDay?: number;
  /** Mean voltage sags and swells per day, each phase. Default 0.5. */
  voltageEventsPerDay?: number;
  /** Mean text messages per day, each shown for 1-4 hours. Default 1. */
  textMessagesPerDay?: number;
}

/**
 * How the emulated meter behaves. With nothing set it is the seed's emulator mode (p1-reader's `emulator: true`):
 * a DSMR 4 telegram every 10 s with tariff 1 and gas advancing by the numbers below.
 */
export interface EmulatorOptions {
  /**
   * The standard the telegrams follow, or `smarty`: a Luxembourg Smarty (DSMR 4.2 lines of its own, every 10 s),
   * which encrypts, so it needs `encryption`. Default `dsmr4` (the seed's emulator mode).
   */
  profile?: LayoutId;
  /** Encrypt every telegram as a Smarty meter does (any profile; `smarty` requires it). Default: plain telegrams. */
  encryption?: EncryptionOptions;
  /** Seed of every random choice. Default 1. */
  seed?: number;
  /** Emulated time of the first telegram (ms, Date or ISO string), cut to whole seconds. Default: now. */
  start?: number | Date | string;
  /** Seconds between telegrams. Default: the standard's pace, 10 (DSMR 2.2-4) or 1 (DSMR 5, eMUCs). */
  interval?: number;
  /** Seconds between M-Bus values (the gas "hourly value"). Default 3600 (DSMR 2.2-4) or 300 (DSMR 5, eMUCs). */
  intervalGas?: number;
  /** kWh on the tariff 1 received register in the first telegram. Default 0, or the household's register (realistic). */
  electricityOffset?: number;
  /** Steady model: kWh added to tariff 1 every interval. Default 0.1 (10 s pace) or 0.01 (1 s pace): 36 kW. */
  electricityIncrement?: number;
  /** m3 of gas in the first telegram. Default 0, or the household's register (realistic). */
  gasOffset?: number;
  /** Steady model: m3 of gas added every `intervalGas`. Default 0.1 (hourly) or 0.01 (5-minute values). */
  gasIncrement?: number;
  /** 1 for a single-phase meter (only L1 lines), 3 for three phases. Default 3. */
  phases?: 1 | 3;
  /** M-Bus devices. Default `['gas']`; none for `se`, whose meters have no M-Bus (giving any is an error). */
  mbus?: readonly (DeviceMedium | MbusDeviceOptions)[];
  /** The identification line without `/`. Default: a real meter of the profile. */
  header?: string;
  /** The meter's id as text (sent in hex). Default: a made-up id. */
  equipmentId?: string;
  /** A text message shown in every telegram (steady model). Default: none. */
  textMessage?: string;
  /** Simulate a household instead of the steady seed numbers: `true` or the parts to tune. Default off. */
  realistic?: boolean | RealisticOptions;
  /** Faults on the line, as options or the CLI form `crc=0.1,chunks=1-64`. Default none. */
  faults?: FaultOptions | string;
}

/** The seed's numbers at each pace of the standards (telegram interval in seconds). */
const PACES: Record<number, { intervalGas: number; electricityIncrement: number; gasIncrement: number }> = {
  10: { intervalGas: 3600, electricityIncrement: 0.1, gasIncrement: 0.1 },
  1: { intervalGas: 300, electricityIncrement: 0.01, gasIncrement: 0.01 },
};

const REALISTIC: Required<RealisticOptions> = {
  tariffs: true,
  solar: 4,
  powerFailuresPerDay: 0.5,
  voltageEventsPerDay: 0.5,
  textMessagesPerDay: 1,
};

/** Made-up ids in the shape real meters use (NL `E00…`/`G00…`, BE `1SAG…`). */
const IDS = {
  NL: { meter: 'E0044007300518217', gas: 'G0044007300518217', water: 'W0044007300518217', heat: 'H0044007300518217' },
  BE: { meter: '1SAG1100042178', gas: '1SAG2100042178', water: '3WAT7030081554', heat: '1HEA4100042178' },
  // Smarty: the meter's id on 0-0:42.0.0 (`SAG` + serial); gas meters from FLO(nidan).
  LU: { meter: 'SAG1030700012701', gas: 'FLO182370120350', water: 'WAT182370120351', heat: 'HEA182370120352' },
  // Swedish telegrams carry no id and no M-Bus: these are never sent.
  SE: { meter: 'KAM5730000012345', gas: 'G0000000000000000', water: 'W0000000000000000', heat: 'H0000000000000000' },
} as const;

function isLayoutId(value: unknown): value is LayoutId {
  return typeof value === 'string' && Object.hasOwn(TELEGRAM_LAYOUTS, value);
}

/** Every option resolved: what the meter is and how it behaves. Shared, unchanged, by all its states. */
export interface EmulatorConfig {
  /** The standard a parser reads the telegrams as (`dsmr4` for `smarty`). */
  profile: ProfileId;
  /** The layout of the lines: the profile asked for. */
  layout: LayoutId;
  /** How the telegrams are encrypted; null for plain ones. */
  encryption: EncryptionConfig | null;
  seed: number;
  start: number;
  interval: number;
  intervalGas: number;
  electricityOffset: number;
  electricityIncrement: number;
  gasOffset: number;
  gasIncrement: number;
  phases: 1 | 3;
  header: string;
  equipmentId: string;
  textMessage: string;
  devices: readonly Required<MbusDeviceOptions>[];
  realistic: Required<RealisticOptions> | null;
  faults: FaultOptions;
}

/** Checks and completes the options; `now` is the start when none is given. Throws `P1Error` `invalid-option`. */
export function resolveOptions(options: EmulatorOptions, now: number): EmulatorConfig {
  const layout = options.profile ?? 'dsmr4';
  if (!isLayoutId(layout)) {
    throw new P1Error('invalid-option', `unknown profile "${String(layout)}"; use ${Object.keys(TELEGRAM_LAYOUTS).join(', ')}`);
  }
  if (layout === 'smarty' && options.encryption === undefined) {
    throw new P1Error('invalid-option', 'the smarty profile encrypts every telegram: give encryption: { key } (32 hex digits)');
  }
  const profile = TELEGRAM_LAYOUTS[layout].profile;
  const standard = PROFILES[profile];
  const pace = PACES[standard.intervalSeconds]!;
  const start = toTime(options.start ?? now);
  const realistic = resolveRealistic(options.realistic);
  // A household's meter has run for years; the steady model counts from 0 as p1-reader's emulator mode did.
  const registers = realistic === null ? { electricity: 0, gas: 0 } : { electricity: HOUSEHOLD_REGISTERS.received[0], gas: HOUSEHOLD_REGISTERS.gas };
  const numbers = {
    interval: wholeSeconds('interval', options.interval ?? standard.intervalSeconds),
    intervalGas: wholeSeconds('intervalGas', options.intervalGas ?? pace.intervalGas),
    electricityOffset: notNegative('electricityOffset', options.electricityOffset ?? registers.electricity),
    electricityIncrement: notNegative('electricityIncrement', options.electricityIncrement ?? pace.electricityIncrement),
    gasOffset: notNegative('gasOffset', options.gasOffset ?? registers.gas),
    gasIncrement: notNegative('gasIncrement', options.gasIncrement ?? pace.gasIncrement),
  };
  const phases = options.phases ?? 3;
  if (phases !== 1 && phases !== 3) throw new P1Error('invalid-option', `phases must be 1 or 3, got ${String(phases)}`);
  const faults = typeof options.faults === 'string' ? parseFaults(options.faults) : checkFaults(options.faults ?? {});
  const ids = layout === 'smarty' ? IDS.LU : IDS[standard.country];
  const hasMbus = TELEGRAM_LAYOUTS[layout].mbus.length > 0;
  if (!hasMbus && options.mbus !== undefined && options.mbus.length > 0) {
    throw new P1Error('invalid-option', `${standard.name} meters have no M-Bus devices: leave out mbus for profile ${layout}`);
  }
  return {
    profile,
    layout,
    encryption: options.encryption === undefined ? null : resolveEncryption(options.encryption),
    seed: Math.trunc(options.seed ?? 1),
    start,
    ...numbers,
    phases,
    header: printable('header', options.header ?? TELEGRAM_LAYOUTS[layout].header, 1),
    equipmentId: printable('equipmentId', options.equipmentId ?? ids.meter, 1, 48),
    textMessage: printable('textMessage', options.textMessage ?? '', 0, 1024),
    devices: resolveDevices(options.mbus ?? (hasMbus ? ['gas'] : []), numbers, ids, realistic !== null),
    realistic,
    faults,
  };
}

function resolveDevices(
  devices: readonly (DeviceMedium | MbusDeviceOptions)[],
  numbers: { gasOffset: number; gasIncrement: number },
  ids: Record<DeviceMedium, string>,
  household: boolean,
): Required<MbusDeviceOptions>[] {
  const taken = new Set<number>();
  const wanted = devices.map((d) => (typeof d === 'string' ? { medium: d } : d));
  for (const d of wanted) {
    if (!(d.medium in ids)) throw new P1Error('invalid-option', `unknown M-Bus medium "${String(d.medium)}"; use gas, water or heat`);
    if (d.channel === undefined) continue;
    if (!Number.isInteger(d.channel) || d.channel < 1 || d.channel > 4 || taken.has(d.channel)) {
      throw new P1Error('invalid-option', `M-Bus channel ${d.channel} is not a free channel 1-4`);
    }
    taken.add(d.channel);
  }
  return wanted.map((d) => {
    let channel = d.channel;
    if (channel === undefined) {
      channel = [1, 2, 3, 4].find((c) => !taken.has(c));
      if (channel === undefined) throw new P1Error('invalid-option', 'more than 4 M-Bus devices');
      taken.add(channel);
    }
    const gas = d.medium === 'gas';
    const first = gas ? numbers.gasOffset : household ? HOUSEHOLD_REGISTERS[d.medium] : 0;
    return {
      medium: d.medium,
      channel,
      equipmentId: printable('M-Bus equipmentId', d.equipmentId ?? ids[d.medium], 1, 48),
      offset: notNegative('M-Bus offset', d.offset ?? first),
      increment: notNegative('M-Bus increment', d.increment ?? (gas ? numbers.gasIncrement : 0)),
    };
  });
}

function resolveRealistic(realistic: EmulatorOptions['realistic']): Required<RealisticOptions> | null {
  if (realistic === undefined || realistic === false) return null;
  const resolved = { ...REALISTIC, ...(realistic === true ? {} : realistic) };
  for (const name of ['solar', 'powerFailuresPerDay', 'voltageEventsPerDay', 'textMessagesPerDay'] as const) {
    notNegative(name, resolved[name]);
  }
  return resolved;
}

// Ids and messages travel as hex of their bytes and parsers decode printable ASCII back to text; the header ends at
// the line end. So: printable ASCII, within the lengths the standards allow.
function printable(name: string, text: string, min: number, max = 96): string {
  if (!/^[\x20-\x7e]*$/.test(text) || text.length < min || text.length > max) {
    throw new P1Error('invalid-option', `${name} must be ${min}-${max} printable ASCII characters, got "${text}"`);
  }
  return text;
}

// Stamps carry a two-digit year read as 2000 + YY, so a meter's time must stay within this century.
const FIRST = Date.UTC(2000, 0, 1);
const LAST = Date.UTC(2099, 0, 1);

function toTime(start: number | Date | string): number {
  const ms = typeof start === 'number' ? start : typeof start === 'string' ? Date.parse(start) : start.getTime();
  if (!(ms >= FIRST && ms < LAST)) throw new P1Error('invalid-option', `start is not a time in 2000-2098: ${String(start)}`);
  return Math.floor(ms / 1000) * 1000; // telegrams stamp whole seconds
}

// Meters stamp whole seconds, so their intervals are whole seconds too.
function wholeSeconds(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new P1Error('invalid-option', `${name} must be whole seconds >= 1, got ${String(value)}`);
  return value;
}

function notNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new P1Error('invalid-option', `${name} must be a number >= 0, got ${String(value)}`);
  return value;
}
