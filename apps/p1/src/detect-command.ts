import { findMeters, PROFILES, SERIAL_7E1_115200, SERIAL_7E1_9600, SERIAL_8N1_115200, type SerialSettings } from '@p1/core';
import { CliError, usageError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import type { MeterTelegram } from './meter-source.js';
import { openSource } from './open-source.js';
import { parseNumber } from './parse-number.js';
import { resolveSource, sourceSettings, type LineSettings, type SourceSpec } from './source-settings.js';

/** Line settings P1 ports use, the most common first (DSMR 4/5 and eMUCs, a few DSMR 4.2, DSMR 2.2/3.0). */
const CANDIDATES: readonly SerialSettings[] = [SERIAL_8N1_115200, SERIAL_7E1_115200, SERIAL_7E1_9600];

const lineName = (s: LineSettings): string => `${s.baudRate} ${s.dataBits}${(s.parity ?? 'none')[0]!.toUpperCase()}${s.stopBits ?? 1}`;

/** What `p1 detect` found, for people. Pure. */
export function describeDetection(where: string, line: LineSettings | null, telegram: MeterTelegram, flags: string): string {
  const r = telegram.reading;
  const models = findMeters(r.meterType ?? '', telegram.profile).map((m) => `${m.brand} ${m.model}`);
  const phases = ['L2', 'L3'].some((p) => r.electricity.instantaneous.voltage[p as 'L2'].reading !== null || r.electricity.instantaneous.current[p as 'L2'].reading !== null) ? 3 : 1;
  const mbus = r.mbus.map((d) => `${d.medium ?? 'device'} on channel ${d.channel}`);
  const rows: [string, string][] = [
    ['line', line === null ? 'network' : lineName(line)],
    ['standard', `${PROFILES[telegram.profile].name}${r.version === null ? '' : `, version ${r.version}`}`],
    ['header', r.meterType ?? '–'],
    ['meter', models.length > 0 ? models.join(' or ') : 'not in the catalogue'],
    ['equipment', r.equipmentId ?? '–'],
    ['phases', String(phases)],
    ['M-Bus', mbus.length > 0 ? mbus.join(', ') : 'none'],
  ];
  return [`${where}: a P1 meter`, ...rows.map(([k, v]) => `  ${k.padEnd(10)}${v}`), '', `Use: p1 watch ${flags}`, ''].join('\n');
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

function watchFlags(spec: SourceSpec): string {
  if (spec.kind !== 'serial') return spec.kind === 'tcp' ? `--port ${spec.url}` : '';
  const { baudRate, parity, dataBits } = spec.line;
  const defaults = baudRate === 115200 && parity === 'none' && dataBits === 8;
  return `--port ${spec.path}${defaults ? '' : ` --baud-rate ${baudRate} --data-bits ${dataBits} --parity ${parity}`}`;
}

async function detect(args: ParsedArgs, io: CliIo): Promise<number> {
  const [path, ...extra] = args.positionals;
  if (path === undefined || extra.length > 0) throw usageError('p1 detect needs one device path or tcp://HOST:PORT\nSee: p1 detect --help');
  const flags = sourceSettings({ flags: args.values });
  const spec = resolveSource({ ...flags, port: path }, false)!;
  const timeout = parseNumber('--timeout', args.values.timeout ?? '12', { min: 1 }) * 1000;
  const fixed = spec.kind === 'serial' && Object.keys(spec.line).length > 0;
  const tries: SourceSpec[] = spec.kind === 'serial' && !fixed ? CANDIDATES.map((line) => ({ ...spec, line })) : [spec];
  for (const attempt of tries) {
    if (io.signal.aborted) break;
    if (attempt.kind === 'serial') io.stderr.write(`p1 detect: listening on ${attempt.path} at ${lineName(attempt.line)} for ${timeout / 1000} s…\n`);
    const telegram = await firstTelegram(attempt, timeout, io.signal);
    if (telegram === null) continue;
    const line = attempt.kind === 'serial' ? attempt.line : null;
    io.stdout.write(
      args.values.json === true
        ? `${JSON.stringify({ path, line, profile: telegram.profile, reading: telegram.reading })}\n`
        : describeDetection(path, line, telegram, watchFlags(attempt)),
    );
    return 0;
  }
  throw new CliError(
    `p1 detect: no telegram from ${path} within ${timeout / 1000} s${tries.length > 1 ? ' at any of the usual line settings' : ''}. ` +
      'Check the cable, and that the P1 port is switched on (Belgian operators switch it off by default).',
  );
}

export const DETECT_COMMAND: Command = {
  summary: 'Finds the line settings, standard and model of the meter on a port.',
  usage: 'p1 detect PATH|tcp://HOST:PORT [options]',
  description:
    'Listens on the port at 115200 8N1, 115200 7E1 and 9600 7E1 in turn (or only at the settings given) until a\n' +
    'telegram arrives, then says what sent it and the flags that read it. DSMR 2.2-4 meters send every 10 s.',
  options: {
    'baud-rate': { type: 'string', value: 'N', help: 'only these line settings (with --data-bits, --parity)' },
    parity: { type: 'string', value: 'none|even', help: 'serial parity' },
    'data-bits': { type: 'string', value: '7|8', help: 'serial data bits' },
    'stop-bits': { type: 'string', value: '1|2', help: 'serial stop bits' },
    timeout: { type: 'string', value: 'S', help: 'seconds to wait at each setting (default 12)' },
    json: { type: 'boolean', help: 'the result as JSON' },
  },
  positionals: true,
  examples: ['p1 detect /dev/ttyUSB0', 'p1 detect tcp://192.168.1.50:23', 'p1 detect /dev/ttyAMA0 --baud-rate 9600 --data-bits 7 --parity even'],
  run: detect,
};
