import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createTelegramDecoder, isProfileId, type AnyTelegramDecoderStats, PROFILES, type CrcPolicy, type DecodeResult, type TelegramDecoderOptions } from '@p1/core';
import { CliError, EXIT, usageError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { OUTPUT_FORMATS, type FormatReading } from './output-formats.js';
import { OutputWriter } from './output-writer.js';
import { renderProgressBar } from './progress-bar.js';
import { CRC_ALGORITHMS, decryptionSettings, oneOf, sourceLayers } from './source-settings.js';

/** What the decoders counted over every input. */
export interface ParseTotals {
  telegrams: number;
  crcErrors: number;
  /** Of `crcErrors`: telegrams without the CRC their standard requires. */
  crcMissing: number;
  incomplete: number;
  tooLarge: number;
  garbageBytes: number;
  /** Frames from '/' to '!' that were not P1 text: noise, or wrong serial settings. */
  garbageFrames: number;
  /** Telegrams the format had nothing to write for (line protocol of a telegram without a time). */
  leftOut: number;
  /** Encrypted frames that did not decrypt (with P1_DECRYPTION_KEY set). */
  decryptionErrors?: number;
}

/** The summary line on stderr. */
export function formatSummary(t: ParseTotals): string {
  const parts = [
    `${t.telegrams} telegram${t.telegrams === 1 ? '' : 's'}`,
    `${t.crcErrors} CRC failure${t.crcErrors === 1 ? '' : 's'}${t.crcMissing > 0 ? ` (${t.crcMissing} without CRC)` : ''}`,
    `${t.incomplete} incomplete`,
    ...(t.tooLarge > 0 ? [`${t.tooLarge} too large`] : []),
    `${t.garbageBytes} garbage byte${t.garbageBytes === 1 ? '' : 's'}`,
    ...(t.garbageFrames > 0 ? [`${t.garbageFrames} not P1 text`] : []),
    ...(t.leftOut > 0 ? [`${t.leftOut} without a time left out`] : []),
    ...(t.decryptionErrors ? [`${t.decryptionErrors} that did not decrypt`] : []),
  ];
  return `p1 parse: ${parts.join(', ')}`;
}

/** Why the input held no telegram, for the last line on stderr. */
const HINTS = {
  missing: ': every one failed its CRC check, some had none although their standard requires one (--crc off reads them unchecked)',
  mismatch: ': every one failed its CRC check (--crc lenient keeps them)',
  noise: ' in the input: its bytes are not P1 text (not a capture, or the wrong serial settings: 7E1 against 8N1?)',
  none: ' in the input',
};

const CRC_POLICIES: readonly CrcPolicy[] = ['strict', 'lenient', 'off'];
const CHUNK = 1 << 20;
const PROGRESS_EVERY_MS = 100;

function decoderOptions(values: ParsedArgs['values']): TelegramDecoderOptions {
  const crc = (values.crc ?? 'strict') as CrcPolicy;
  if (!CRC_POLICIES.includes(crc)) throw usageError(`--crc must be ${CRC_POLICIES.join(', ')}, got "${String(values.crc)}"`);
  const options: TelegramDecoderOptions = { crc };
  if (values['crc-algorithm'] !== undefined) options.crcAlgorithm = oneOf('--crc-algorithm', values['crc-algorithm'], CRC_ALGORITHMS);
  if (values.profile !== undefined) {
    if (!isProfileId(values.profile)) throw usageError(`--profile must be one of ${Object.keys(PROFILES).join(', ')}, got "${String(values.profile)}"`);
    options.profile = values.profile;
  }
  return options;
}

/** The progress line on stderr, drawn only on a terminal, at most every 100 ms. */
export class Progress {
  private drawnAt = 0;
  done = 0;

  constructor(
    private readonly io: CliIo,
    private readonly total: number | null,
  ) {}

  tick(bytes: number, telegrams: number): void {
    this.done += bytes;
    const now = Date.now();
    if (now - this.drawnAt < PROGRESS_EVERY_MS) return;
    this.drawnAt = now;
    this.io.stderr.write(`\r${renderProgressBar(this.done, this.total, telegrams, (this.io.stderr.columns || 80) - 1)}\x1b[K`);
  }

  clear(): void {
    if (this.drawnAt > 0) this.io.stderr.write('\r\x1b[K');
  }
}

async function totalSize(files: readonly string[]): Promise<number | null> {
  if (files.includes('-')) return null;
  let total = 0;
  for (const file of files) total += (await stat(file).catch(() => ({ size: 0 }))).size;
  return total;
}

function openInput(file: string, io: CliIo): Readable {
  return file === '-' ? io.stdin : createReadStream(file, { highWaterMark: CHUNK });
}

function readFailure(file: string, error: unknown): CliError {
  const code = (error as { code?: string }).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
  return new CliError(`p1 parse: cannot read ${file}: ${why}`);
}

async function parse(args: ParsedArgs, io: CliIo): Promise<number> {
  const { values } = args;
  const formatName = (values.format ?? 'ndjson') as string;
  const format = OUTPUT_FORMATS[formatName];
  if (format === undefined) throw usageError(`--format must be ${Object.keys(OUTPUT_FORMATS).join(', ')}, got "${formatName}"`);
  // A capture of an encrypting meter is decrypted with the key from P1_DECRYPTION_KEY or the config file.
  const options = { ...decoderOptions(values), ...decryptionSettings(await sourceLayers(values, io.env)) };
  const toText: FormatReading = await format.create({ schema: (values.schema ?? 'full') as string });
  const files = args.positionals.length > 0 ? args.positionals : ['-'];
  const verbose = values.verbose === true;

  let outputClosed = false;
  const out = new OutputWriter(io.stdout, 64 * 1024, () => (outputClosed = true));
  const totals: ParseTotals = { telegrams: 0, crcErrors: 0, crcMissing: 0, incomplete: 0, tooLarge: 0, garbageBytes: 0, garbageFrames: 0, leftOut: 0 };
  const progress = io.stderr.isTTY === true && values.quiet !== true ? new Progress(io, await totalSize(files)) : null;

  const take = async (results: DecodeResult[]): Promise<void> => {
    for (const result of results) {
      if (result.type === 'error') {
        if (verbose) io.stderr.write(`p1 parse: ${result.error.message}\n`);
        continue;
      }
      const text = toText(result.telegram.reading);
      if (text === '') totals.leftOut++;
      else await out.write(text);
    }
  };

  await out.write(format.header);
  try {
    for (const file of files) {
      const decoder = createTelegramDecoder(options);
      const input = openInput(file, io);
      try {
        for await (const chunk of input) {
          await take(decoder.push(chunk as Uint8Array));
          progress?.tick((chunk as Uint8Array).length, totals.telegrams + decoder.stats.telegrams);
          if (outputClosed || io.signal.aborted) break;
        }
      } catch (error) {
        throw readFailure(file, error);
      } finally {
        if (file !== '-') input.destroy();
      }
      await take(decoder.end());
      const s: AnyTelegramDecoderStats = decoder.stats;
      totals.telegrams += s.telegrams;
      totals.crcErrors += s.crcErrors;
      totals.crcMissing += s.crcMissing;
      totals.incomplete += s.incomplete;
      totals.tooLarge += s.tooLarge;
      totals.garbageBytes += s.garbageBytes;
      totals.decryptionErrors = (totals.decryptionErrors ?? 0) + (s.decryptionErrors ?? 0);
      totals.garbageFrames += s.garbageFrames;
      if (outputClosed || io.signal.aborted) break;
    }
    await out.flush();
  } finally {
    progress?.clear();
  }

  if (values.quiet !== true) io.stderr.write(`${formatSummary(totals)}\n`);
  if (totals.telegrams === 0) {
    const hint = totals.decryptionErrors
      ? ": no encrypted frame decrypted with the key in P1_DECRYPTION_KEY (is it this meter's key?)"
      : totals.crcMissing > 0
        ? HINTS.missing
        : totals.crcErrors > 0
          ? HINTS.mismatch
          : totals.garbageFrames + totals.tooLarge > 0
            ? HINTS.noise
            : HINTS.none;
    io.stderr.write(`p1 parse: no telegram${hint}\n`);
    return EXIT.failure;
  }
  return EXIT.ok;
}

export const PARSE_COMMAND: Command = {
  summary: 'Captured telegrams (files or stdin) to JSON lines, CSV or InfluxDB line protocol.',
  usage: 'p1 parse [options] [FILE...]',
  description:
    'Reads telegrams as a meter sent them (a capture: `cat /dev/ttyUSB0 > capture.txt`, `p1 emulate`), from the\n' +
    'files given or from stdin (also as -), in flat memory whatever their size. Output goes to stdout; a summary\n' +
    '(telegrams, CRC failures, incomplete, garbage bytes) and, on a terminal, a progress bar go to stderr.\n' +
    'A capture of a meter that encrypts (Luxembourg Smarty) is decrypted with the key in P1_DECRYPTION_KEY or\n' +
    '"source.decryptionKey" of the config file (P1_CONFIG).\n' +
    'Exit code 1 when the input held no usable telegram, 2 for a wrong option.',
  options: {
    format: { type: 'string', short: 'f', value: 'ndjson|csv|influx', help: 'output format (default ndjson: one reading per line)' },
    schema: { type: 'string', value: 'full|p1-to-influxdb', help: '--format influx: measurements and fields (default full)' },
    crc: { type: 'string', value: 'strict|lenient|off', help: 'a CRC mismatch: skip the telegram (strict, default), keep it, or do not check' },
    'crc-algorithm': { type: 'string', value: 'arc|x25', help: 'the CRC the meter computes: arc (the standard, default) or x25 (Holley DTSD545)' },
    profile: { type: 'string', value: 'PROFILE', help: `force a standard: ${Object.keys(PROFILES).join(' | ')} (default: detected)` },
    verbose: { type: 'boolean', help: 'say on stderr what was wrong with each telegram skipped' },
    quiet: { type: 'boolean', short: 'q', help: 'no summary and no progress bar' },
  },
  positionals: true,
  examples: [
    'p1 parse capture.txt > readings.ndjson',
    'p1 parse --format csv capture.txt > readings.csv',
    'p1 parse -f influx capture.txt > capture.lp   # straight into InfluxDB: p1 import',
    'p1 emulate --count 3600 | p1 parse --format csv     # an hour of a DSMR 5 meter (a telegram a second)',
  ],
  run: parse,
};
