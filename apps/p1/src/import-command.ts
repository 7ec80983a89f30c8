import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ImportProgress } from '@p1/influx';
import { CliError, EXIT, usageError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { influxSettings } from './influx-command.js';
import { schemaFor } from './influx-sink.js';
import { INFLUX_OPTIONS } from './influx-settings.js';
import { influxHints } from './influx-status.js';
import { loadPackage } from './load-package.js';
import { Progress } from './parse-command.js';
import { redactUrl } from './url-credentials.js';

type Influx = typeof import('@p1/influx');

const CHUNK = 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
// Requests to a server on this machine go uncompressed: gzip would cost both ends more CPU than it saves.
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
// The server's reasons for refused points: the first few are shown, the rest counted.
const REASONS_SHOWN = 5;

/** A capture file's bytes, gunzipped when it is gzip (by its first bytes, whatever its name); `read` counts the file's bytes. */
async function openCapture(file: string, read: { bytes: number }): Promise<Readable> {
  const head = Buffer.alloc(2);
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  raw.on('data', (chunk) => (read.bytes += chunk.length));
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return raw;
  const gunzip = createGunzip({ chunkSize: CHUNK });
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

function readFailure(file: string, error: unknown): CliError {
  const code = (error as { code?: string }).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'Z_DATA_ERROR' ? 'it is not valid gzip' : (error as Error).message;
  return new CliError(`p1 import: cannot read ${file}: ${why}`);
}

async function importFiles(args: ParsedArgs, io: CliIo): Promise<number> {
  const files = args.positionals;
  if (files.length === 0) throw usageError('no capture to import: give one or more files (p1 import FILE... --database NAME)');
  const log = (line: string): void => void io.stderr.write(`${line}\n`);
  const { settings } = await influxSettings(args, io, 'p1 import');
  const crc = (args.values.crc ?? 'strict') as string;
  if (!['strict', 'lenient', 'off'].includes(crc)) throw usageError(`--crc must be strict, lenient or off, got "${crc}"`);
  const quiet = args.values.quiet === true;
  const pkg = await loadPackage<Influx>('@p1/influx', 'p1 import');
  const schema = schemaFor(settings, pkg);

  let refused = 0;
  const sender = pkg.createLineSender({
    target: settings.target,
    gzip: !LOOPBACK.test(new URL(settings.target.url).hostname),
    onRejected: (_line, reason) => {
      if (++refused <= REASONS_SHOWN) log(`p1 import: InfluxDB refused a point: ${reason}`);
    },
  });
  let total = 0;
  for (const file of files) total += (await stat(file).catch(() => ({ size: 0 }))).size;
  const progress = io.stderr.isTTY === true && !quiet ? new Progress(io, total) : null;
  const totals = { telegrams: 0, points: 0, errors: 0, untimed: 0 };
  const started = performance.now();
  let failure: unknown = null;
  try {
    for (const file of files) {
      const read = { bytes: 0 };
      let shown = 0;
      const source = await openCapture(file, read).catch((error: unknown) => {
        throw readFailure(file, error);
      });
      const tick = (p: ImportProgress): void => {
        progress?.tick(read.bytes - shown, totals.telegrams + p.telegrams);
        shown = read.bytes;
      };
      let result: ImportProgress;
      try {
        result = await pkg.importCapture(source, {
          to: (lines) => sender.send(lines),
          schema,
          ...(settings.thinning && { thinning: settings.thinning }),
          hashEquipmentId: settings.hashEquipmentId,
          crc: crc as 'strict',
          onProgress: tick,
          progressInterval: 100,
          signal: io.signal,
        });
      } catch (error) {
        // The stream failed part way (a truncated or damaged .gz): the error code is in the package's message.
        if (pkg.isInfluxError(error) && error.code === 'read-failed') throw readFailure(file, { code: /\((\w+)\)$/.exec(error.message)?.[1], message: error.message });
        throw error;
      }
      totals.telegrams += result.telegrams;
      totals.points += result.points;
      totals.errors += result.errors;
      totals.untimed += result.untimed;
      if (io.signal.aborted) break;
    }
  } catch (error) {
    failure = error;
  } finally {
    progress?.clear();
  }
  let stats = sender.stats;
  try {
    stats = await sender.close();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== null) {
    if (!pkg.isInfluxError(failure)) throw failure;
    const hint = influxHints(settings.target)[failure.code];
    throw new CliError(`p1 import: ${failure.message}${hint ? ` (${hint})` : ''}; ${stats.written} points were written before it stopped`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (!quiet) {
    const rate = seconds > 0 ? Math.round(totals.telegrams / seconds) : 0;
    const parts = [
      `${totals.telegrams} telegrams`,
      `${stats.written} points written`,
      `${stats.rejected} rejected`,
      ...(totals.errors > 0 ? [`${totals.errors} bad telegrams`] : []),
      ...(totals.untimed > 0 ? [`${totals.untimed} without a time (skipped)`] : []),
      `${seconds.toFixed(1)} s (${rate} telegrams/s)`,
    ];
    log(`p1 import: ${parts.join(', ')} -> ${redactUrl(settings.target.url)}`);
  }
  if (totals.telegrams === 0) {
    log(`p1 import: no telegram${totals.errors > 0 ? ': every one was damaged or failed its CRC check (--crc lenient keeps them)' : ' with a time in the input'}`);
    return EXIT.failure;
  }
  return EXIT.ok;
}

const PICKED = ['config', 'url', 'influx-version', 'database', 'retention-policy', 'username', 'org', 'bucket', 'schema', 'every', 'average', 'hash-ids'] as const;

export const IMPORT_COMMAND: Command = {
  summary: 'Captured telegrams (files, plain or .gz) into InfluxDB, in batches it accepts.',
  usage: 'p1 import FILE... (--database NAME | --org NAME --bucket NAME) [options]',
  description:
    'Writes every reading of the captures (telegrams as the meter sent them, plain or gzip) to InfluxDB with the\n' +
    'settings of p1 influx (flags, environment, config file), in batches of 5000 points, two in flight. Points\n' +
    'InfluxDB refuses are counted and the first few reasons shown; the rest are written. Importing the same file\n' +
    'again stores nothing twice (same series and time). A summary goes to stderr, and on a terminal a progress bar.\n' +
    'Exit code 1 when the input held no usable telegram or InfluxDB could not be written, 2 for a wrong option.',
  options: {
    ...Object.fromEntries(PICKED.map((name) => [name, INFLUX_OPTIONS[name]!])),
    crc: { type: 'string', value: 'strict|lenient|off', help: 'a CRC mismatch: skip the telegram (strict, default), keep it, or do not check' },
    quiet: { type: 'boolean', short: 'q', help: 'no summary and no progress bar' },
  },
  positionals: true,
  examples: [
    'p1 import capture.txt --database p1',
    'p1 import 2025-*.p1.gz --url http://nas:8086 --database energy',
    'INFLUX_TOKEN=... p1 import capture.txt --org home --bucket p1',
  ],
  run: importFiles,
};
