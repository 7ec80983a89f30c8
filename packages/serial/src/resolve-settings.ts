import {
  findMeterByName,
  isProfileId,
  METERS,
  P1Error,
  PROFILES,
  SERIAL_8N1_115200,
  type MeterModel,
  type ProfileId,
  type SerialSettings,
} from '@p1/core';

/** The predecessor's `serialPort` option: the port and its settings in one object. */
export interface SerialPortObject {
  port?: string;
  baudRate?: number | string;
  dataBits?: number | string;
  parity?: SerialSettings['parity'];
  stopBits?: number | string;
}

/** The options that decide where the reader reads and at which settings. */
export interface SettingsOptions extends SerialPortObject {
  /** The predecessor's form: an object with port and settings, or (1.x) just the path. */
  serialPort?: string | SerialPortObject;
  /** A standard (`'dsmr5'`, `'dsmr2.2'`, ...) or a catalogue model name (`'AM 550'`, `'Kaifa MA105C'`). */
  meter?: string;
  sevenBit?: boolean;
  emulator?: boolean;
  emulatorOverrides?: { profile?: ProfileId };
}

/** Where bytes come from. */
export type SourceAddress =
  | { kind: 'serial'; path: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'emulator'; path: string };

/** What `resolveSettings` decided. */
export interface ResolvedSettings {
  source: SourceAddress;
  /** The device path, `tcp://host:port`, or the emulator's path: what `getSerialPort()` returns. */
  port: string;
  /** The settings the port is opened with (for TCP: the meter's, which decide `sevenBit`). */
  settings: SerialSettings;
  /** Clear bit 7 of every byte before framing. */
  sevenBit: boolean;
  /** The catalogue model `meter` named, when it named one. */
  meter: MeterModel | null;
}

/** The path the emulator's binding answers to. */
export const EMULATOR_PATH = '/dev/p1-emulator';

/** Spellings of the standards people use, squashed (lower case, no dots, dashes or spaces). */
const STANDARD_ALIASES: Readonly<Record<string, ProfileId>> = {
  dsmr2: 'dsmr2.2',
  dsmr22: 'dsmr2.2',
  dsmr3: 'dsmr3',
  dsmr30: 'dsmr3',
  dsmr4: 'dsmr4',
  dsmr40: 'dsmr4',
  dsmr42: 'dsmr4',
  dsmr422: 'dsmr4',
  dsmr5: 'dsmr5',
  dsmr50: 'dsmr5',
  dsmr502: 'dsmr5',
  emucs: 'emucs',
  se: 'se',
  sweden: 'se',
};

const ALLOWED: { [K in Exclude<keyof SerialSettings, 'baudRate'>]: readonly SerialSettings[K][] } = {
  dataBits: [5, 6, 7, 8],
  parity: ['none', 'even', 'odd', 'mark', 'space'],
  stopBits: [1, 1.5, 2],
};

/**
 * Options -> where to read and at which settings. Pure. Precedence per setting: the option itself, then the
 * `serialPort` object, then the `meter` preset (or the emulated meter's standard), then 115200 8N1 (DSMR 4/5, eMUCs).
 * Throws `P1Error` `invalid-option` with what would be valid.
 */
export function resolveSettings(options: SettingsOptions): ResolvedSettings {
  const object = typeof options.serialPort === 'string' ? { port: options.serialPort } : (options.serialPort ?? {});
  const { preset, sevenBit: mixed, meter } = presetOf(options);
  const pick = <K extends keyof SerialPortObject>(key: K): SerialPortObject[K] => options[key] ?? object[key];
  const settings: SerialSettings = {
    baudRate: baudRateOf(pick('baudRate') ?? preset.baudRate),
    dataBits: allowed('dataBits', numberOrText(pick('dataBits') ?? preset.dataBits)),
    parity: allowed('parity', pick('parity') ?? preset.parity),
    stopBits: allowed('stopBits', numberOrText(pick('stopBits') ?? preset.stopBits)),
  };
  const source = sourceOf(pick('port'), options.emulator === true);
  // A 7-bit meter read at 8 data bits delivers its parity bit in bit 7 (spec digest §1.2). Masking is harmless on
  // a port opened at 7 bits, and protects where the driver does not strip the bit (ptys, some USB adapters, ser2net).
  const sevenBit = options.sevenBit ?? (settings.dataBits === 7 || preset.dataBits === 7 || mixed);
  const port = source.kind === 'tcp' ? tcpUrl(source.host, source.port) : source.path;
  return { source, port, settings, sevenBit, meter };
}

interface Preset {
  preset: SerialSettings;
  /** The meter may send 7-bit characters although the preset opens the port at 8 data bits. */
  sevenBit: boolean;
  meter: MeterModel | null;
}

function presetOf(options: SettingsOptions): Preset {
  // An unknown emulator profile falls back here; the emulator itself then rejects it with the valid ones.
  const emulated = options.emulatorOverrides?.profile;
  const standard = options.emulator === true ? (isProfileId(emulated) ? emulated : 'dsmr4') : standardOf(options.meter);
  if (standard !== undefined) return { preset: PROFILES[standard].serial, sevenBit: false, meter: null };
  if (options.meter === undefined) return { preset: SERIAL_8N1_115200, sevenBit: false, meter: null };
  const model = findMeterByName(options.meter);
  if (model === undefined) {
    throw new P1Error(
      'invalid-option',
      `unknown meter "${options.meter}": use a standard (${Object.keys(PROFILES).join(', ')}) or a model name from ` +
        `the catalogue, e.g. ${METERS.slice(0, 4).map((m) => `"${m.brand} ${m.model}"`).join(', ')}`,
    );
  }
  // One name can stand for variants with different settings (Landis+Gyr E350 ZCF100: 4.0 at 8N1, 4.2 at 7E1).
  // Opening at 8 data bits with masking reads both: the 7E1 variant's parity bit lands in bit 7 and is cleared.
  const variants = METERS.filter((m) => m.brand === model.brand && m.model === model.model);
  const mixed = variants.some((m) => m.serial.dataBits !== model.serial.dataBits);
  return { preset: mixed ? { ...model.serial, dataBits: 8, parity: 'none' } : model.serial, sevenBit: mixed, meter: model };
}

function standardOf(meter: string | undefined): ProfileId | undefined {
  if (meter === undefined || isProfileId(meter)) return meter;
  return STANDARD_ALIASES[meter.toLowerCase().replace(/[\s.\-_]/g, '')];
}

function sourceOf(port: string | undefined, emulator: boolean): SourceAddress {
  if (emulator) return { kind: 'emulator', path: EMULATOR_PATH };
  if (typeof port !== 'string' || port === '') {
    throw new P1Error(
      'invalid-option',
      'port is required: a device path such as /dev/ttyUSB0, or tcp://HOST:PORT for a network dongle ' +
        '(listPorts() lists serial ports, detect(path) finds the settings; emulator: true needs no port)',
    );
  }
  if (!/^tcp:\/\//i.test(port)) return { kind: 'serial', path: port };
  const invalid = new P1Error('invalid-option', `"${port}" needs a host and a port, e.g. tcp://192.168.1.50:23 (dongles often use 23, 2001 or 8088)`);
  let url: URL;
  try {
    url = new URL(port);
  } catch {
    throw invalid;
  }
  const number = Number(url.port);
  if (url.hostname === '' || !Number.isInteger(number) || number < 1 || number > 65535) throw invalid;
  return { kind: 'tcp', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: number };
}

function tcpUrl(host: string, port: number): string {
  return `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function baudRateOf(value: number | string): number {
  const baudRate = numberOrText(value);
  if (typeof baudRate !== 'number' || !Number.isInteger(baudRate) || baudRate <= 0) {
    throw new P1Error('invalid-option', `baudRate must be a whole number such as 9600 or 115200, got ${String(value)}`);
  }
  return baudRate;
}

// The predecessor's README wrote settings as strings ('9600', '7'); accept those.
function numberOrText(value: number | string): number | string {
  return typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function allowed<K extends keyof typeof ALLOWED>(key: K, value: unknown): SerialSettings[K] {
  const values = ALLOWED[key] as readonly unknown[];
  if (!values.includes(value)) {
    throw new P1Error('invalid-option', `${key} must be one of ${values.join(', ')}, got ${String(value)}`);
  }
  return value as SerialSettings[K];
}
