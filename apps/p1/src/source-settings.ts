import { CRC16, type CrcAlgorithm, formatSerialSettings, isP1Error, parseKey, PROFILES, type ProfileId, SERIAL_8N1_115200 } from '@p1/core';
import { usageError } from './cli-error.js';
import { readConfigFile } from './config-file.js';
import type { OptionTable } from './command.js';
import type { OptionalValue } from './parse-command-args.js';
import { parseNumber } from './parse-number.js';
import { gather, type Found, type Layers, type Setting } from './setting-layers.js';

/** The emulator's profiles: the standards, and `smarty` (Luxembourg, encrypted). */
export type EmulatorProfile = ProfileId | 'smarty';

/** The keys of a meter that encrypts (Luxembourg Smarty): secrets, so never from a flag. */
export interface Decryption {
  decryptionKey: string;
  authenticationKey?: string;
}

/** Where readings come from, as gathered from flags, environment and config file (all optional). */
export interface SourceSettings {
  /** A serial device path or `tcp://HOST:PORT`. */
  port?: string;
  /** An emulator profile; `true` for the default one. */
  emulator?: EmulatorProfile | true;
  /** From `P1_DECRYPTION_KEY` or the config file's `source.decryptionKey`, never a flag: it is a secret. */
  decryptionKey?: string;
  /** From `P1_AUTHENTICATION_KEY` or `source.authenticationKey`; default the Smarty one. */
  authenticationKey?: string;
  baudRate?: number;
  parity?: 'none' | 'even';
  dataBits?: 7 | 8;
  stopBits?: 1 | 2;
  /** Serial and network: the CRC the meter computes (`x25`: Holley DTSD545). */
  crcAlgorithm?: CrcAlgorithm;
  /** Emulator: N times real time, 0 = flat out. */
  speed?: number;
  seed?: number;
  /** Emulator: emulated time of the first telegram (ISO 8601); default now. */
  start?: string;
  /** Emulator: the seed's steady numbers instead of a simulated household. */
  steady?: boolean;
}

/** Serial line settings the user fixed; the rest is the reader's default (DSMR 4/5: 115200 8N1). */
export type LineSettings = Pick<SourceSettings, 'baudRate' | 'parity' | 'dataBits' | 'stopBits'>;

/** The source, resolved. */
export type SourceSpec = (
  | { kind: 'emulator'; profile: EmulatorProfile; speed: number; seed: number; start?: string; steady: boolean }
  | { kind: 'serial'; path: string; line: LineSettings; crcAlgorithm?: CrcAlgorithm }
  | { kind: 'tcp'; host: string; port: number; url: string; crcAlgorithm?: CrcAlgorithm }
) & {
  /** The meter encrypts: read it with these keys (the emulator's `smarty` profile encrypts with them). */
  decryption?: Decryption;
};

/**
 * The emulator profile when `--emulator` names none: a DSMR 5 household, which sends every second and carries the
 * voltage per phase, so the live view moves; with `--steady`, p1-reader's emulator mode (DSMR 4, every 10 s).
 */
const DEFAULT_PROFILE = { household: 'dsmr5', steady: 'dsmr4' } as const satisfies Record<string, ProfileId>;

const PROFILE_NAMES: readonly EmulatorProfile[] = [...(Object.keys(PROFILES) as ProfileId[]), 'smarty'];
/** The CRCs core can check, by name. */
export const CRC_ALGORITHMS = Object.keys(CRC16) as CrcAlgorithm[];

/** The source flags `watch`, `influx` and `detect` share. */
export const SOURCE_OPTIONS: OptionTable = {
  port: { type: 'string', short: 'p', value: 'PATH|tcp://HOST:PORT', help: 'the meter: a serial device (/dev/ttyUSB0) or a network dongle' },
  emulator: {
    type: 'string',
    value: '[PROFILE]',
    help: `the built-in emulator, a simulated household (p1 watch: the default)\nPROFILE: ${PROFILE_NAMES.join(' | ')} (default ${DEFAULT_PROFILE.household})`,
  },
  'baud-rate': { type: 'string', value: 'N', help: 'serial: 115200 (DSMR 4/5, eMUCs; default) or 9600 (DSMR 2.2/3)' },
  parity: { type: 'string', value: 'none|even', help: 'serial: default none (even for 7 data bits)' },
  'data-bits': { type: 'string', value: '7|8', help: 'serial: default 8' },
  'stop-bits': { type: 'string', value: '1|2', help: 'serial: default 1' },
  'crc-algorithm': { type: 'string', value: 'arc|x25', help: 'the CRC the meter computes: arc (the standard, default) or x25 (Holley DTSD545)' },
  speed: { type: 'string', value: 'N', help: 'emulator: N times faster than real time, 0 = as fast as possible (default 1)' },
  seed: { type: 'string', value: 'N', help: 'emulator: seed of its random choices (default 1)' },
  start: { type: 'string', value: 'TIME', help: 'emulator: emulated time of the first telegram, ISO 8601 (default now)' },
  steady: { type: 'boolean', help: `emulator: p1-reader's emulator mode, steady numbers (default profile ${DEFAULT_PROFILE.steady})` },
};

/** `--emulator` may stand alone; a following word is its profile only when it names one. */
export const SOURCE_OPTIONAL_VALUES: readonly OptionalValue[] = [{ name: 'emulator', fallback: '', choices: PROFILE_NAMES }];

/** `value` if it is one of `allowed` (compared as text), else a usage error naming `where`. */
export function oneOf<T>(where: string, value: unknown, allowed: readonly T[]): T {
  const found = allowed.find((a) => String(a) === String(value));
  if (found === undefined) throw usageError(`${where} must be ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  return found;
}

/**
 * Checks a profile name; `''` (a bare `--emulator`), `true` (a config file's `"emulator": true`) and the text
 * `true` (`P1_EMULATOR=true`) mean the default.
 */
function emulatorProfile(where: string, value: unknown): EmulatorProfile | true {
  if (value === '' || value === true || value === 'true') return true;
  if (!PROFILE_NAMES.includes(value as EmulatorProfile)) throw usageError(`${where}: unknown profile ${JSON.stringify(value)}; use ${PROFILE_NAMES.join(', ')}`);
  return value as EmulatorProfile;
}

/** A key as core reads it (32 hex digits); the message names where it came from and never repeats it. */
function checkKey(where: string, value: unknown): string {
  try {
    parseKey(where, typeof value === 'string' ? value : (undefined as never));
    return value as string;
  } catch (error) {
    if (isP1Error(error)) throw usageError(error.message);
    throw error;
  }
}

/** Where each source setting may be given. The file paths include p1-reader's `serialPort` and p1-to-influxdb's `p1Reader`. */
export const SOURCE_SETTINGS = {
  port: { flag: 'port', env: ['P1_PORT'], file: ['source.port', 'p1Reader.port', 'serialPort.port'] },
  emulator: { flag: 'emulator', env: ['P1_EMULATOR'], file: ['source.emulator', 'p1Reader.emulator', 'emulator'] },
  baudRate: { flag: 'baud-rate', file: ['source.baudRate', 'p1Reader.baudRate', 'serialPort.baudRate'] },
  parity: { flag: 'parity', file: ['source.parity', 'p1Reader.parity', 'serialPort.parity'] },
  dataBits: { flag: 'data-bits', file: ['source.dataBits', 'p1Reader.dataBits', 'serialPort.dataBits'] },
  stopBits: { flag: 'stop-bits', file: ['source.stopBits', 'p1Reader.stopBits', 'serialPort.stopBits'] },
  crcAlgorithm: { flag: 'crc-algorithm', file: ['source.crcAlgorithm'] },
  speed: { flag: 'speed', file: ['source.speed'] },
  seed: { flag: 'seed', file: ['source.seed'] },
  start: { flag: 'start', file: ['source.start'] },
  steady: { flag: 'steady', file: ['source.steady'] },
  // Secrets: the environment or the config file only. A flag would show in `ps` and the shell's history.
  decryptionKey: { env: ['P1_DECRYPTION_KEY'], file: ['source.decryptionKey', 'p1Reader.decryptionKey'] },
  authenticationKey: { env: ['P1_AUTHENTICATION_KEY'], file: ['source.authenticationKey', 'p1Reader.authenticationKey'] },
} as const satisfies Record<string, Setting>;

/** How each found value becomes a source setting, checked, with its origin in the message when it is wrong. */
const CHECKS: { [K in keyof SourceSettings]-?: (where: string, value: unknown) => SourceSettings[K] } = {
  port: (where, value) => {
    if (typeof value !== 'string' || value === '') throw usageError(`${where} needs a device path such as /dev/ttyUSB0, or tcp://HOST:PORT`);
    return value;
  },
  emulator: emulatorProfile,
  baudRate: (where, value) => parseNumber(where, value, { min: 300, integer: true }),
  // P1 lines are 8N1 or 7E1: no meter sends odd parity, and the help offers none|even.
  parity: (where, value) => oneOf(where, value, ['none', 'even'] as const),
  dataBits: (where, value) => oneOf(where, value, [7, 8] as const),
  stopBits: (where, value) => oneOf(where, value, [1, 2] as const),
  crcAlgorithm: (where, value) => oneOf(where, value, CRC_ALGORITHMS),
  speed: (where, value) => parseNumber(where, value, { min: 0 }),
  seed: (where, value) => parseNumber(where, value, { integer: true }),
  start: (where, value) => {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw usageError(`${where} needs an ISO 8601 time, got ${JSON.stringify(value)}`);
    // Meters stamp two-digit years, so the emulator's time must lie in 2000-2098.
    if (!(ms >= EMULATED_YEARS.first && ms < EMULATED_YEARS.end)) {
      throw usageError(`${where} needs a time in 2000-2098 (a meter stamps two-digit years), got ${JSON.stringify(value)}`);
    }
    return value as string;
  },
  steady: () => true,
  decryptionKey: checkKey,
  authenticationKey: checkKey,
};

const EMULATED_YEARS = { first: Date.UTC(2000, 0, 1), end: Date.UTC(2099, 0, 1) };

const METER_KEYS = { port: SOURCE_SETTINGS.port, emulator: SOURCE_SETTINGS.emulator };
const KEY_SETTINGS = { decryptionKey: SOURCE_SETTINGS.decryptionKey, authenticationKey: SOURCE_SETTINGS.authenticationKey };

/**
 * The layers a command reads its source from: its flags, the environment, and the config file that `--config`
 * (where the command has it) or `P1_CONFIG` names. Every command that reads a meter finds its keys this way.
 */
export async function sourceLayers(flags: NonNullable<Layers['flags']>, env: NonNullable<Layers['env']>): Promise<Layers> {
  const path = (flags.config as string | undefined) ?? env.P1_CONFIG;
  const file = path ? await readConfigFile(path) : undefined;
  return { flags, env, ...(file && { file }) };
}

/** The decryption keys alone (environment and config file; there is no flag), checked; undefined without a key. */
export function decryptionSettings(layers: Layers): Decryption | undefined {
  const found = gather(KEY_SETTINGS, layers);
  const keys: Pick<SourceSettings, 'decryptionKey' | 'authenticationKey'> = {};
  if (found.decryptionKey) keys.decryptionKey = checkKey(found.decryptionKey.where, found.decryptionKey.value);
  if (found.authenticationKey) keys.authenticationKey = checkKey(found.authenticationKey.where, found.authenticationKey.value);
  return decryptionOf(keys);
}

/** The source settings the layers give (flags, environment, config file), checked. */
export function sourceSettings(layers: Layers): SourceSettings {
  // The meter is chosen whole, by the first layer that names one: `--emulator` on the command line replaces the
  // config file's port instead of clashing with it.
  const meters = [{ flags: layers.flags }, { env: layers.env }, { file: layers.file }].map((layer) => gather(METER_KEYS, layer));
  const chosen = meters.findIndex((m) => m.port !== undefined || m.emulator !== undefined);
  const meter = meters[chosen];
  // Both in one layer: a config file's emulator wins, as p1-reader's `emulator: true` did over its serialPort (the
  // predecessor's config.json plus `"emulator": true` is documented); on the command line or in the environment
  // it is a mistake, named as the user wrote it.
  if (meter?.port !== undefined && meter.emulator !== undefined) {
    if (chosen !== meters.length - 1) throw usageError(`give either ${meter.port.where} or ${meter.emulator.where}, not both`);
    delete meter.port;
  }
  const found = { ...gather(SOURCE_SETTINGS, layers), port: meter?.port, emulator: meter?.emulator };
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(found) as [keyof SourceSettings, Found | undefined][]) {
    if (f !== undefined) out[key] = CHECKS[key](f.where, f.value);
  }
  return out as SourceSettings;
}

/**
 * The source the settings name. `--port` and `--emulator` together are an error; neither gives the emulator when
 * `emulatorByDefault`, otherwise null.
 */
export function resolveSource(s: SourceSettings, emulatorByDefault: boolean): SourceSpec | null {
  const spec = resolveMeter(s, emulatorByDefault);
  const decryption = decryptionOf(s);
  if (spec?.kind === 'emulator' && spec.profile === 'smarty' && decryption === undefined) {
    throw usageError(`the smarty emulator encrypts its telegrams: set P1_DECRYPTION_KEY to a key of 32 hex digits (or "source.decryptionKey" in a config file)`);
  }
  // An emulator of another profile sends plain telegrams: a key meant for a real meter does not apply to it.
  if (spec === null || decryption === undefined || (spec.kind === 'emulator' && spec.profile !== 'smarty')) return spec;
  return { ...spec, decryption };
}

/** The keys the settings give; an authentication key alone is an error (it is half of what an encrypted meter needs). */
export function decryptionOf(s: Pick<SourceSettings, 'decryptionKey' | 'authenticationKey'>): Decryption | undefined {
  if (s.decryptionKey === undefined) {
    if (s.authenticationKey !== undefined) throw usageError('P1_AUTHENTICATION_KEY is set without P1_DECRYPTION_KEY: an encrypted meter needs its decryption key');
    return undefined;
  }
  return { decryptionKey: s.decryptionKey, ...(s.authenticationKey !== undefined && { authenticationKey: s.authenticationKey }) };
}

function resolveMeter(s: SourceSettings, emulatorByDefault: boolean): SourceSpec | null {
  if (s.port !== undefined && s.emulator !== undefined) {
    throw usageError('give either --port or --emulator, not both');
  }
  if (s.port === undefined) {
    if (s.emulator === undefined && !emulatorByDefault) return null;
    const steady = s.steady ?? false;
    const profile = s.emulator === undefined || s.emulator === true ? DEFAULT_PROFILE[steady ? 'steady' : 'household'] : s.emulator;
    const spec: SourceSpec = { kind: 'emulator', profile, speed: s.speed ?? 1, seed: s.seed ?? 1, steady };
    if (s.start !== undefined) spec.start = s.start;
    return spec;
  }
  const crc = s.crcAlgorithm === undefined ? {} : { crcAlgorithm: s.crcAlgorithm };
  if (s.port.startsWith('tcp://')) return { ...parseTcpUrl(s.port), ...crc };
  if (s.port === '') throw usageError('--port needs a device path such as /dev/ttyUSB0, or tcp://HOST:PORT');
  const { baudRate, parity, dataBits, stopBits } = s;
  const line: LineSettings = {};
  if (baudRate !== undefined) line.baudRate = baudRate;
  if (parity !== undefined) line.parity = parity;
  if (dataBits !== undefined) line.dataBits = dataBits;
  if (stopBits !== undefined) line.stopBits = stopBits;
  return { kind: 'serial', path: s.port, line, ...crc };
}

function parseTcpUrl(text: string): Extract<SourceSpec, { kind: 'tcp' }> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--port ${text}: not a tcp://HOST:PORT address`);
  }
  const port = Number(url.port);
  if (url.hostname === '' || url.port === '' || !(port > 0 && port < 65536) || (url.pathname !== '' && url.pathname !== '/')) {
    throw usageError(`--port ${text}: a network dongle is tcp://HOST:PORT, e.g. tcp://192.168.1.50:23`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { kind: 'tcp', host, port, url: `tcp://${url.host}` };
}

/** One line for logs and the live view: what the readings come from. */
export function describeSource(spec: SourceSpec): string {
  switch (spec.kind) {
    case 'emulator': {
      const speed = spec.speed === 1 ? '' : spec.speed === 0 ? ', flat out' : `, ${spec.speed}x`;
      const name = spec.profile === 'smarty' ? 'Smarty (Luxembourg), encrypted' : PROFILES[spec.profile].name;
      return `emulator, ${name}${spec.steady ? ' steady' : ' household'}${speed}`;
    }
    case 'serial': {
      const fixed = Object.keys(spec.line).length > 0;
      return (fixed ? `${spec.path} at ${formatSerialSettings({ ...SERIAL_8N1_115200, ...spec.line })}` : spec.path) + encrypted(spec);
    }
    case 'tcp':
      return spec.url + encrypted(spec);
  }
}

const encrypted = (spec: SourceSpec): string => (spec.decryption === undefined ? '' : ', encrypted');
