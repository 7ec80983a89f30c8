import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TelegramDecoder, type CrcPolicy, type P1Error, type Reading } from '@p1/core';
import { InfluxError } from './influx-error.js';
import type { InfluxWriter } from './influx-writer.js';
import { PointPipeline, type PipelineOptions } from './point-pipeline.js';

/** Receives line protocol, one `\n`-terminated line per point; may return a promise to slow the import down. */
export type LineSink = (lines: string) => unknown;

/** Where an import goes and how it reports; `schema`, `hashEquipmentId`, `thinning` apply to a line sink. */
export interface ImportCaptureOptions extends PipelineOptions {
  /** A writer (its own schema and thinning apply; `schema`/`thinning` here are ignored) or a line sink. */
  to: InfluxWriter | LineSink;
  /** What to do with a telegram whose CRC does not match. Default `strict`: counted in `errors`, skipped. */
  crc?: CrcPolicy;
  /** Called every `progressInterval` ms and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** Default 1000. */
  progressInterval?: number;
  /** Receives each telegram that could not be used (CRC mismatch, cut off, too large). */
  onError?: (error: P1Error) => void;
  /** Stops the import between chunks; the result says how far it got. */
  signal?: AbortSignal;
}

/** How far an import got; the final one is what `importCapture` resolves with. */
export interface ImportProgress {
  /** Bytes read so far. */
  bytes: number;
  /** The file's size; null for a stream. */
  totalBytes: number | null;
  telegrams: number;
  /** Points produced (to a writer: points of readings it took or refused). */
  points: number;
  /** Telegrams that could not be used. */
  errors: number;
  /** Telegrams without a time of their own (DSMR 2.2/3.0): skipped, since the clock at import time means nothing. */
  untimed: number;
  elapsedMs: number;
  /** Telegrams per second so far. */
  rate: number;
}

const CHUNK = 1024 * 1024;

/**
 * Streams a capture (a file of telegrams as the meter sent them, or any source of chunks) into a writer or a line
 * sink, holding one chunk at a time. Resolves with the final progress; throws `read-failed` if the file cannot be read.
 */
export async function importCapture(
  source: string | AsyncIterable<Uint8Array | string>,
  options: ImportCaptureOptions,
): Promise<ImportProgress> {
  const started = performance.now();
  const progress: ImportProgress = {
    bytes: 0,
    totalBytes: null,
    telegrams: 0,
    points: 0,
    errors: 0,
    untimed: 0,
    elapsedMs: 0,
    rate: 0,
  };
  const deliver = sinkFor(options);
  const decoder = new TelegramDecoder(options.crc === undefined ? {} : { crc: options.crc });
  const interval = options.progressInterval ?? 1000;
  let reported = started;
  const report = (): void => {
    progress.elapsedMs = performance.now() - started;
    progress.rate = progress.elapsedMs > 0 ? (progress.telegrams * 1000) / progress.elapsedMs : 0;
    reported = performance.now();
    options.onProgress?.({ ...progress });
  };

  const readings: Reading[] = [];
  const take = (results: ReturnType<TelegramDecoder['push']>): void => {
    for (const result of results) {
      if (result.type === 'error') {
        progress.errors++;
        options.onError?.(result.error);
      } else if (result.telegram.reading.timestamp === null) {
        progress.untimed++;
      } else {
        progress.telegrams++;
        readings.push(result.telegram.reading);
      }
    }
  };

  const where = typeof source === 'string' ? source : 'the capture';
  const chunks = typeof source === 'string' ? await readFailed(where, () => openFile(source, progress)) : source;
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    if (options.signal?.aborted) {
      await iterator.return?.();
      break;
    }
    const next = await readFailed(where, () => iterator.next());
    if (next.done === true) break;
    const chunk = next.value;
    progress.bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    take(decoder.push(chunk));
    progress.points += await deliver(readings.splice(0), false);
    if (performance.now() - reported >= interval) report();
  }
  if (!options.signal?.aborted) take(decoder.end());
  progress.points += await deliver(readings.splice(0), true);
  report();
  return progress;
}

/** Runs a read, turning what the file system throws into `read-failed`. */
async function readFailed<T>(where: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    throw new InfluxError('read-failed', `cannot read ${where} (${typeof code === 'string' ? code : String(error)})`, { path: where, cause: error });
  }
}

async function openFile(path: string, progress: ImportProgress): Promise<AsyncIterable<Buffer>> {
  progress.totalBytes = (await stat(path)).size;
  return createReadStream(path, { highWaterMark: CHUNK });
}

/** Delivers a chunk's readings and says how many points they made. */
type Deliver = (readings: Reading[], last: boolean) => Promise<number>;

function sinkFor(options: ImportCaptureOptions): Deliver {
  const to = options?.to;
  if (typeof to !== 'function' && typeof (to as InfluxWriter | undefined)?.write !== 'function') {
    throw new InfluxError('invalid-option', 'importCapture needs `to`: an InfluxWriter or a function receiving line protocol');
  }
  if (typeof to === 'function') {
    const pipeline = new PointPipeline(options);
    return async (readings, last) => {
      let text = '';
      let count = 0;
      for (const reading of readings) {
        const lines = pipeline.push(reading);
        text += lines.text;
        count += lines.count;
      }
      if (last) {
        const held = pipeline.drain();
        text += held.text;
        count += held.count;
      }
      if (count > 0) await to(text);
      return count;
    };
  }
  return async (readings) => {
    // One chunk's writes share one spool append; waiting for them holds the file to the disk's pace.
    const before = to.stats;
    await Promise.all(readings.map((reading) => to.write(reading)));
    const after = to.stats;
    return after.taken + after.failed - before.taken - before.failed;
  };
}
