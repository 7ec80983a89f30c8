import { type CrcAlgorithm, findMeters, formatSerialSettings, PROFILES, SERIAL_8N1_115200, type SerialSettings } from '@p1/core';
import type { DetectAttempt } from '@p1/serial';
import { CliError, usageError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import type { MeterTelegram } from './meter-source.js';
import { openSource } from './open-source.js';
import { parseNumber } from './parse-number.js';
import { decryptionSettings, describeSource, resolveSource, SOURCE_OPTIONS, sourceLayers, sourceSettings, type SourceSpec } from './source-settings.js';
import { explainDeviceError } from './explain-device-error.js';
import { loadPackage } from './load-package.js';

type Serial = typeof import('@p1/serial');

/** What `p1 detect` found, for people. Pure. */
export function describeDetection(where: string, line: string, telegram: MeterTelegram, flags: string): string {
  const r = telegram.reading;
  const models = findMeters(r.meterType ?? '', telegram.profile).map((m) => `${m.brand} ${m.model}`);
  const { voltage, current } = r.electricity.instantaneous;
  const phases = [voltage.L2, voltage.L3, current.L2, current.L3].some((m) => m.reading !== null) ? 3 : 1;
  const mbus = r.mbus.map((d) => `${d.medium ?? 'device'} on channel ${d.channel}`);
  const decryption = (telegram as { decryption?: { systemTitle: string } }).decryption;
  const rows: [string, string][] = [
    ['line', line],
    ...(decryption ? [['encrypted', `yes: AES-128-GCM, system title ${decryption.systemTitle} (the key in P1_DECRYPTION_KEY decrypts it)`] as [string, string]] : []),
    ['standard', `${PROFILES[telegram.profile].name}${r.version === null ? '' : `, version ${r.version}`}`],
    ['header', r.meterType ?? '–'],
    ['meter', models.length > 0 ? models.join(' or ') : 'not in the catalogue'],
    ['equipment', r.equipmentId ?? '–'],
    ['phases', String(phases)],
    ['M-Bus', mbus.length > 0 ? mbus.join(', ') : 'none'],
  ];
  return [`${where}: a P1 meter`, ...rows.map(([k, v]) => `  ${k.padEnd(10)}${v}`), '', `Use: p1 watch ${flags}`, ''].join('\n');
}

/** What to check when no setting gave a telegram, by whether anything arrived: in `p1` words, not @p1/serial's API. */
const NOTHING_DETECTED = {
  silent:
    'Nothing arrived at any setting: check that this is the port of the P1 cable (`p1 ports` lists them), that the ' +
    "cable is plugged into the meter (its Data Request line needs 5 V), and that the meter's P1 port is enabled (in " +
    'Belgium the grid operator enables it on request).',
  garbled:
    'Bytes arrived but never a valid telegram: the meter may use a setting not tried (give it: --baud-rate, ' +
    '--data-bits, --parity), or the line is noisy; `p1 watch --port PATH` with those flags says why each telegram is rejected.',
} as const;

/** Why `p1 detect` found no meter: what each setting gave, and what to check. Pure. */
export function explainNothingDetected(path: string, attempts: readonly DetectAttempt[]): string {
  const lines = attempts.map((a) => `  ${a.candidate}: ${a.verdict}`);
  const hint = NOTHING_DETECTED[attempts.every((a) => a.bytes === 0) ? 'silent' : 'garbled'];
  return [`p1 detect: no P1 telegram on ${path} at any setting:`, ...lines, hint].join('\n');
}

/** The first telegram of a source, or null when none arrives within `timeoutMs`. */
async function firstTelegram(spec: SourceSpec, timeoutMs: number, signal: AbortSignal): Promise<MeterTelegram | null> {
  const source = await openSource(spec);
  const timer = setTimeout(() => void source.close(), timeoutMs);
  const stop = (): void => void source.close();
  signal.addEventListener('abort', stop);
  try {
    for await (const telegram of source.telegrams) return telegram;
    return null;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    await source.close();
  }
}

/** Serial: @p1/serial's detect(), which listens at each usual setting in turn. Network: the first telegram. */
async function detectAt(
  spec: SourceSpec,
  timeout: number,
  io: CliIo,
): Promise<{ telegram: MeterTelegram; line: string; settings: SerialSettings | null; crcAlgorithm: CrcAlgorithm; flags: string }> {
  if (spec.kind !== 'serial') {
    const telegram = await firstTelegram(spec, timeout, io.signal);
    if (telegram === null) throw new CliError(`p1 detect: no telegram from ${describeSource(spec)} within ${timeout / 1000} s. Is the meter connected to the dongle, is its P1 port enabled?`);
    return { telegram, line: 'network', settings: null, crcAlgorithm: 'arc', flags: `--port ${describeSource(spec)}` };
  }
  const { detect: listen, DETECT_CANDIDATES, DetectError, isP1SerialError } = await loadPackage<Serial>('@p1/serial', 'p1 detect');
  const given = { ...SERIAL_8N1_115200, ...spec.line } as SerialSettings;
  const candidates =
    Object.keys(spec.line).length === 0
      ? DETECT_CANDIDATES
      : [{ name: formatSerialSettings(given), settings: given, sevenBit: given.dataBits === 7, meters: 'the settings given' }];
  io.stderr.write(`p1 detect: listening on ${spec.path} at ${candidates.map((c) => c.name).join(', then ')}, up to ${timeout / 1000} s each…\n`);
  try {
    const found = await listen(spec.path, { listenTime: timeout, candidates, signal: io.signal, ...spec.decryption });
    const { baudRate, dataBits, parity } = found.settings;
    const usual = baudRate === 115200 && dataBits === 8 && parity === 'none';
    const crc = found.crcAlgorithm === 'arc' ? '' : ` --crc-algorithm ${found.crcAlgorithm}`;
    const flags = `--port ${spec.path}${usual ? '' : ` --baud-rate ${baudRate} --data-bits ${dataBits} --parity ${parity}`}${crc}`;
    return { telegram: found.telegram, line: found.candidate, settings: found.settings, crcAlgorithm: found.crcAlgorithm, flags };
  } catch (error) {
    if (!isP1SerialError(error)) throw error;
    // An encrypting meter is a finding, not a failure to detect (its error is a DetectError too).
    if (error.code === 'decryption-key-needed') {
      const hint = spec.decryption === undefined ? 'Set P1_DECRYPTION_KEY (32 hex digits) or "source.decryptionKey" in the config file (P1_CONFIG), then run p1 detect again.' : '';
      throw new CliError(`p1 detect: ${error.message}${hint ? `\n${hint}` : ''}`);
    }
    if (error instanceof DetectError) throw new CliError(explainNothingDetected(spec.path, error.attempts));
    throw new CliError(explainDeviceError(error, spec.path) ?? `p1 detect: ${error.message}`);
  }
}

async function detect(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...extra] = args.positionals;
  if (path === undefined || extra.length > 0) throw usageError('p1 detect needs one device path or tcp://HOST:PORT\nSee: p1 detect --help');
  // The line settings from the flags only (given, they are the only ones tried); a key from the environment or the config file.
  const decryption = decryptionSettings(await sourceLayers(args.values, io.env));
  const spec = resolveSource({ ...sourceSettings({ flags: args.values }), ...decryption, port: path }, false)!;
  const timeout = parseNumber('--timeout', args.values.timeout ?? '11', { min: 1 }) * 1000;
  const { telegram, line, settings, crcAlgorithm, flags } = await detectAt(spec, timeout, io);
  io.stdout.write(
    args.values.json === true
      ? `${JSON.stringify({ path, settings, crcAlgorithm, profile: telegram.profile, encrypted: 'decryption' in telegram, reading: telegram.reading })}\n`
      : describeDetection(path, line, telegram, flags),
  );
  return 0;
}

export const DETECT_COMMAND: Command = {
  summary: 'Finds the line settings, standard and model of the meter on a port.',
  usage: 'p1 detect PATH|tcp://HOST:PORT [options]',
  description:
    'Listens, never writing, at 115200 8N1, 115200 7E1 and 9600 7E1 in turn (or only at the settings given) until\n' +
    'a valid telegram arrives, then says what sent it and the flags that read it. DSMR 2.2-4 meters send every\n' +
    '10 s, so this takes up to half a minute. A meter that encrypts (Luxembourg Smarty) is recognised; it is read\n' +
    'with the key in P1_DECRYPTION_KEY or "source.decryptionKey" of the config file (P1_CONFIG).',
  options: {
    // Given, they are the only settings tried.
    'baud-rate': SOURCE_OPTIONS['baud-rate']!,
    parity: SOURCE_OPTIONS.parity!,
    'data-bits': SOURCE_OPTIONS['data-bits']!,
    'stop-bits': SOURCE_OPTIONS['stop-bits']!,
    timeout: { type: 'string', value: 'S', help: 'seconds to listen at each setting (default 11)' },
    json: { type: 'boolean', help: 'the result as JSON' },
  },
  positionals: true,
  examples: ['p1 detect /dev/ttyUSB0', 'p1 detect tcp://192.168.1.50:23', 'p1 detect /dev/ttyAMA0 --baud-rate 9600 --data-bits 7 --parity even'],
  run: detect,
};
