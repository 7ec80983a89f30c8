import type { Reading } from '@p1/core';
import { InfluxError, isInfluxError, type InfluxErrorCode } from './influx-error.js';
import { PointPipeline, type Lines, type PipelineOptions } from './point-pipeline.js';
import { sendBatch } from './send-batch.js';
import { Spool, type SpoolBatch } from './spool.js';
import { writeRequest, type InfluxTarget, type WriteRequest } from './write-target.js';

/** Options of `createInfluxWriter`: `target` and `spoolDir` are required, the rest have defaults. */
export interface InfluxWriterOptions extends PipelineOptions {
  /** Where to write; `version` picks the API (1: `/write`, 2: `/api/v2/write`, 3: `/api/v3/write_lp`). */
  target: InfluxTarget;
  /** Directory of the durable spool, created if missing; one writer per directory. Required. */
  spoolDir: string;
  /** Unsent bytes the spool may hold before new readings are refused (`spool-full`). Default 256 MiB. */
  spoolMaxBytes?: number;
  /** Points per request. Default 5000. */
  batchSize?: number;
  /** The longest a point waits for its batch to fill, in ms. Default 10 000. */
  batchInterval?: number;
  /** Gzip request bodies. Default true. */
  gzip?: boolean;
  /** Milliseconds before a request counts as failed. Default 30 000. */
  requestTimeout?: number;
  /** The first retry delay in ms, doubled after each failure. Default 1000. */
  retryDelay?: number;
  /** The longest retry delay in ms, and the delay for faults a person must fix (401/403, no database). Default 60 000. */
  maxRetryDelay?: number;
  /** Receives errors, recoveries and replays. Default: one `console.warn` line each. */
  onEvent?: (event: InfluxWriterEvent) => void;
}

/** What the writer reports: a fault once per episode (not once per retry), then its recovery; one-off errors each time. */
export type InfluxWriterEvent =
  | { type: 'error'; error: InfluxError; spooled: number; retryInMs?: number }
  | { type: 'recovered'; code: InfluxErrorCode; spooled: number }
  | { type: 'replay'; spooled: number };

/** Counters since the writer was made; `spooled` is what waits on disk now. All but `readings` count points. */
export interface InfluxWriterStats {
  /** Readings handed to `write()` and mapped. */
  readings: number;
  /** Points on disk in the spool: from here on they are not lost. */
  taken: number;
  /** Points the server acknowledged. */
  written: number;
  /** Points in the spool not yet acknowledged (including those replayed from an earlier run). */
  spooled: number;
  /** Points refused before reaching the spool: spool full, disk error, writer closed. */
  failed: number;
  /** Points the server refused as invalid, kept in the spool directory's `rejected.lp`. */
  rejected: number;
  /** Requests that failed and were retried. */
  retries: number;
}

/** Writes readings to InfluxDB through a durable spool. */
export interface InfluxWriter {
  /** Maps a reading and spools its points; resolves true once they are on disk, false when refused. Never rejects. */
  write(reading: Reading): Promise<boolean>;
  /** Sends everything spooled now; true once the server has it all, false if `timeout` ms pass first or it is closed. */
  flush(timeout?: number): Promise<boolean>;
  /** Stops taking readings, sends what it can within `timeout` ms (default 5000), and releases the spool. */
  close(timeout?: number): Promise<InfluxWriterStats>;
  readonly stats: InfluxWriterStats;
  /** The fault the writer is living with now (server or spool; the latest if several), or null when all is well. */
  readonly lastError: InfluxError | null;
}

const SEND_FAULTS: readonly InfluxErrorCode[] = ['unauthorized', 'database-not-found', 'unavailable', 'request-failed'];
const SPOOL_FAULTS: readonly InfluxErrorCode[] = ['spool-full', 'spool-error'];
// Errors about one call or one batch rather than a state the writer is in: reported every time, never "over".
const ONE_OFF: readonly InfluxErrorCode[] = ['rejected', 'invalid-reading', 'closed'];

function wholeNumber(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InfluxError('invalid-option', `${name} must be a whole number >= ${min}, got ${String(value)}`);
  }
  return value;
}

function defaultLog(event: InfluxWriterEvent): void {
  if (event.type === 'error') {
    const retry = event.retryInMs === undefined ? '' : `; next try in ${Math.ceil(event.retryInMs / 1000)} s`;
    console.warn(`@p1/influx: ${event.error.message} (${event.spooled} points wait in the spool${retry})`);
  } else if (event.type === 'recovered') {
    console.warn(`@p1/influx: ${event.code} is over; ${event.spooled} points wait in the spool`);
  } else {
    console.warn(`@p1/influx: ${event.spooled} points from an earlier run wait in the spool; sending them first`);
  }
}

/**
 * Opens the spool in `options.spoolDir` (replaying what an earlier run left) and returns a writer. Throws
 * `invalid-option` for a bad option and `spool-locked` when another live process uses the directory.
 */
export async function createInfluxWriter(options: InfluxWriterOptions): Promise<InfluxWriter> {
  if (typeof options?.spoolDir !== 'string' || options.spoolDir === '') {
    throw new InfluxError('invalid-option', 'spoolDir is required: the directory of the durable spool');
  }
  const request = writeRequest(options.target);
  const pipeline = new PointPipeline(options);
  const retryDelay = wholeNumber('retryDelay', options.retryDelay, 1000, 1);
  const settings: Settings = {
    batchSize: wholeNumber('batchSize', options.batchSize, 5000, 1),
    batchInterval: wholeNumber('batchInterval', options.batchInterval, 10_000, 0),
    retryDelay,
    maxRetryDelay: Math.max(retryDelay, wholeNumber('maxRetryDelay', options.maxRetryDelay, 60_000, 1)),
    requestTimeout: wholeNumber('requestTimeout', options.requestTimeout, 30_000, 1),
    gzip: options.gzip !== false,
    onEvent: options.onEvent ?? defaultLog,
  };
  const maxBytes = wholeNumber('spoolMaxBytes', options.spoolMaxBytes, 256 * 1024 * 1024, 1024);
  // Segments of at most 1/16 of the bound, so written ones are deleted long before the bound is near.
  const spool = await Spool.open(options.spoolDir, { maxBytes, segmentBytes: Math.min(4 * 1024 * 1024, Math.floor(maxBytes / 16)) });
  return new Writer(settings, request, pipeline, spool);
}

interface Settings {
  batchSize: number;
  batchInterval: number;
  retryDelay: number;
  maxRetryDelay: number;
  requestTimeout: number;
  gzip: boolean;
  onEvent: (event: InfluxWriterEvent) => void;
}

interface Queue extends Lines {
  settle: ((taken: boolean) => void)[];
}

const emptyQueue = (): Queue => ({ text: '', count: 0, settle: [] });

class Writer implements InfluxWriter {
  private readonly counts = { readings: 0, taken: 0, written: 0, failed: 0, rejected: 0, retries: 0 };
  private readonly emit: (event: InfluxWriterEvent) => void;
  private readonly faults = new Map<InfluxErrorCode, InfluxError>();
  private queue = emptyQueue();
  private committing: Promise<void> | null = null;
  /** When the oldest unsent point was spooled; -Infinity for points replayed from an earlier run. */
  private oldestPendingAt: number | null;
  private flushes = 0;
  private closing: Promise<InfluxWriterStats> | null = null;
  private stopped = false;
  private sleeper: { wake: () => void; byData: boolean } | null = null;
  private drained: ((sent: boolean) => void)[] = [];
  private inFlight: AbortController | null = null;
  private readonly loop: Promise<void>;
  // Truly private (not shown by util.inspect or console.log): it holds the Authorization header.
  readonly #request: WriteRequest;

  constructor(
    private readonly settings: Settings,
    request: WriteRequest,
    private readonly pipeline: PointPipeline,
    private readonly spool: Spool,
  ) {
    this.#request = request;
    const onEvent = settings.onEvent;
    this.emit = (event) => {
      try {
        onEvent(event);
      } catch {
        // A listener's bug must not stop the writer.
      }
    };
    this.oldestPendingAt = spool.pendingLines > 0 ? -Infinity : null;
    if (spool.pendingLines > 0) this.emit({ type: 'replay', spooled: spool.pendingLines });
    this.loop = this.run();
  }

  get stats(): InfluxWriterStats {
    return { ...this.counts, spooled: this.spool.pendingLines };
  }

  get lastError(): InfluxError | null {
    return [...this.faults.values()].at(-1) ?? null;
  }

  write(reading: Reading): Promise<boolean> {
    let lines: Lines;
    try {
      lines = this.pipeline.push(reading);
    } catch (error) {
      return Promise.resolve(this.refuse(toInfluxError(error, 'invalid-reading'), 0));
    }
    if (this.closing !== null) {
      return Promise.resolve(this.refuse(new InfluxError('closed', 'write() after close(): the reading was not taken'), lines.count));
    }
    this.counts.readings++;
    return lines.count === 0 ? Promise.resolve(true) : this.enqueue(lines);
  }

  async flush(timeout = Infinity): Promise<boolean> {
    await this.committed();
    if (this.spool.pendingLines === 0 || this.stopped) return this.spool.pendingLines === 0;
    this.flushes++;
    this.poke(true);
    try {
      return await within(new Promise<boolean>((resolve) => this.drained.push(resolve)), timeout);
    } finally {
      this.flushes--;
    }
  }

  close(timeout = 5000): Promise<InfluxWriterStats> {
    this.closing ??= (async () => {
      const held = this.pipeline.drain();
      if (held.count > 0) void this.enqueue(held);
      await this.flush(timeout);
      this.stopped = true;
      this.inFlight?.abort();
      this.poke(true);
      await this.loop;
      await this.spool.close();
      return this.stats;
    })();
    return this.closing;
  }

  private refuse(error: InfluxError, points: number): false {
    this.counts.failed += points;
    this.report(error);
    return false;
  }

  /** Group commit: every write of this turn of the event loop shares one append and one fsync. */
  private enqueue(lines: Lines): Promise<boolean> {
    return new Promise((resolve) => {
      this.queue.text += lines.text;
      this.queue.count += lines.count;
      this.queue.settle.push(resolve);
      this.committing ??= this.commit();
    });
  }

  private async commit(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.count > 0) {
      const batch = this.queue;
      this.queue = emptyQueue();
      let taken = true;
      try {
        await this.spool.append(batch.text, batch.count);
        this.counts.taken += batch.count;
        this.oldestPendingAt ??= Date.now();
        this.clear(SPOOL_FAULTS);
        this.poke(false);
      } catch (error) {
        taken = this.refuse(toInfluxError(error, 'spool-error'), batch.count);
      }
      for (const settle of batch.settle) settle(taken);
    }
    // Cleared in the same turn as the loop's last look at the queue (no await in between): a caller resumed by the
    // settles above runs only after this, so its next write starts a new commit rather than wait for this one.
    this.committing = null;
  }

  private async committed(): Promise<void> {
    while (this.committing !== null) await this.committing;
  }

  /** Wakes the sender: `always` for flush and close, otherwise only if it waits for data (not in a backoff). */
  private poke(always: boolean): void {
    if (this.sleeper !== null && (always || this.sleeper.byData)) this.sleeper.wake();
  }

  private sleep(ms: number, byData: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => wake(), Math.max(0, ms)) : undefined;
      // A sleeping writer does not keep the process alive (what it holds is on disk), unless someone awaits a flush.
      if (this.flushes === 0) timer?.unref();
      const wake = (): void => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve();
      };
      this.sleeper = { wake, byData };
    });
  }

  private due(): boolean {
    if (this.flushes > 0 || this.stopped || this.spool.pendingLines >= this.settings.batchSize) return true;
    return this.oldestPendingAt !== null && Date.now() - this.oldestPendingAt >= this.settings.batchInterval;
  }

  /** The sender: one batch in flight at a time, read from the spool, acknowledged only after the server has it. */
  private async run(): Promise<void> {
    let limit = this.settings.batchSize;
    let failures = 0;
    while (!this.stopped) {
      if (this.spool.pendingLines === 0) {
        this.oldestPendingAt = null;
        for (const resolve of this.drained.splice(0)) resolve(true);
        await this.sleep(Infinity, true);
        continue;
      }
      if (!this.due()) {
        await this.sleep((this.oldestPendingAt ?? Date.now()) + this.settings.batchInterval - Date.now(), true);
        continue;
      }
      let batch: SpoolBatch | null;
      try {
        batch = await this.spool.read(limit);
        if (batch === null) throw new InfluxError('spool-error', `the spool in ${this.spool.dir} lost track of its pending points`);
      } catch (error) {
        this.report(toInfluxError(error, 'spool-error'));
        await this.sleep(this.settings.maxRetryDelay, false);
        continue;
      }
      this.inFlight = new AbortController();
      const outcome = await sendBatch(this.#request, batch.body, {
        gzip: this.settings.gzip,
        timeout: this.settings.requestTimeout,
        signal: this.inFlight.signal,
      });
      this.inFlight = null;
      try {
        if (outcome.ok) {
          await this.spool.ack(batch);
          this.counts.written += batch.lines;
          limit = this.settings.batchSize;
          failures = 0;
          this.clear(SEND_FAULTS);
        } else if (this.stopped) {
          break;
        } else if (outcome.retry === 'split' && batch.lines > 1) {
          limit = Math.ceil(batch.lines / 2);
        } else if (outcome.retry === 'never' || outcome.retry === 'split') {
          await this.spool.reject(batch);
          this.counts.rejected += batch.lines;
          this.report(outcome.error);
        } else {
          failures++;
          this.counts.retries++;
          const backoff = Math.min(this.settings.maxRetryDelay, this.settings.retryDelay * 2 ** (failures - 1));
          const delay = outcome.retry === 'slow' ? this.settings.maxRetryDelay : Math.min(this.settings.maxRetryDelay, outcome.retryAfterMs ?? backoff);
          this.report(outcome.error, delay);
          await this.sleep(delay, false);
        }
      } catch (error) {
        this.report(toInfluxError(error, 'spool-error'));
        await this.sleep(this.settings.maxRetryDelay, false);
      }
    }
    for (const resolve of this.drained.splice(0)) resolve(this.spool.pendingLines === 0);
  }

  /** Reports a fault once per episode (the first time, again only after it was over); a one-off every time. */
  private report(error: InfluxError, retryInMs?: number): void {
    if (!ONE_OFF.includes(error.code)) {
      const known = this.faults.has(error.code);
      this.faults.delete(error.code);
      this.faults.set(error.code, error);
      if (known) return;
    }
    const spooled = this.spool.pendingLines;
    this.emit(retryInMs === undefined ? { type: 'error', error, spooled } : { type: 'error', error, spooled, retryInMs });
  }

  private clear(codes: readonly InfluxErrorCode[]): void {
    for (const code of codes) {
      if (this.faults.delete(code)) this.emit({ type: 'recovered', code, spooled: this.spool.pendingLines });
    }
  }
}

function toInfluxError(error: unknown, code: InfluxErrorCode): InfluxError {
  return isInfluxError(error) ? error : new InfluxError(code, error instanceof Error ? error.message : String(error));
}

/** What `promise` gives if it settles within `ms`, false otherwise. */
async function within(promise: Promise<boolean>, ms: number): Promise<boolean> {
  if (!Number.isFinite(ms)) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
