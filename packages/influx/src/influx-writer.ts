import type { Reading } from '@p1/core';
import { backoffDelay, type Backoff } from '@p1/core/internal';
import { InfluxError, isInfluxError, type InfluxErrorCode } from './influx-error.js';
import { redact } from './redact.js';
import { PointPipeline, type Lines, type PipelineOptions } from './point-pipeline.js';
import { deliverBatch, type RejectedLine } from './deliver-batch.js';
import { probe } from './send-batch.js';
import { Spool, type SpoolBatch } from './spool.js';
import { writeRequest, type InfluxTarget, type WriteRequest } from './write-target.js';

/** Options of `createInfluxWriter`: `target` and `spoolDir` are required, the rest have defaults. */
export interface InfluxWriterOptions extends PipelineOptions {
  /** Where to write; `version` picks the API (1: `/write`, 2: `/api/v2/write`, 3: `/api/v3/write_lp`). */
  target: InfluxTarget;
  /** Directory of the durable spool, created if missing; one writer per directory. Required. */
  spoolDir: string;
  /** Unsent bytes the spool may hold; past it, new points wait in the memory buffer (`spool-full`). Default 256 MiB. */
  spoolMaxBytes?: number;
  /**
   * Points kept in memory while the spool cannot take them (a full disk, `spoolMaxBytes` reached): the newest, the
   * oldest dropped past this many (counted in `stats.dropped`). Default 10 000 (about 3 hours of a 1 s meter with
   * gas; under 10 MB). 0 turns the buffer off: such readings are refused.
   */
  memoryBuffer?: number;
  /** Milliseconds between `/ping` probes while the server cannot be reached. Default 1000. */
  probeInterval?: number;
  /** Points per request. Default 5000. */
  batchSize?: number;
  /** The longest a point waits for its batch to fill, in ms. Default 10 000. */
  batchInterval?: number;
  /** Gzip request bodies. Default true. */
  gzip?: boolean;
  /** Milliseconds before a request counts as failed. Default 30 000. */
  requestTimeout?: number;
  /** The first retry delay in ms, doubled after each failure and spread ±20 % (jitter). Default 1000. */
  retryDelay?: number;
  /** The longest retry delay in ms, and the delay for faults a person must fix (401/403, no database). Default 60 000. */
  maxRetryDelay?: number;
  /** Receives errors, recoveries, replays and notices. Default: one `console.warn` line each. */
  onEvent?: (event: InfluxWriterEvent) => void;
}

/** What the writer reports: a fault once per episode (not once per retry), then its recovery; one-off errors each time. */
export type InfluxWriterEvent =
  | { type: 'error'; error: InfluxError; spooled: number; retryInMs?: number }
  | { type: 'recovered'; code: InfluxErrorCode; spooled: number }
  | { type: 'replay'; spooled: number }
  /** Something the writer did on its own that a person should know: damaged spool records set aside, a torn record
   * dropped, a stale lock taken over, points kept in memory or dropped from it. */
  | { type: 'notice'; message: string; spooled: number };

/** Counters since the writer was made; `spooled` is what waits on disk now. All but `readings` count points. */
export interface InfluxWriterStats {
  /** Readings handed to `write()` and mapped. */
  readings: number;
  /** Points taken: on disk in the spool (from there on they are not lost), or in the memory buffer. */
  taken: number;
  /** Points the server acknowledged. */
  written: number;
  /** Points in the spool not yet acknowledged (including those replayed from an earlier run). */
  spooled: number;
  /** Points in the memory buffer now: taken while the spool could not take them. */
  buffered: number;
  /** Points dropped from a full memory buffer (the oldest first). */
  dropped: number;
  /** Points refused: not a reading, writer closed, or the spool failing with the memory buffer turned off. */
  failed: number;
  /** Points the server refused as invalid, one by one, kept in the spool directory's `rejected.lp`. */
  rejected: number;
  /** Requests that failed and were retried. */
  retries: number;
}

/** Writes readings to InfluxDB through a durable spool. */
export interface InfluxWriter {
  /** Maps a reading and spools its points; resolves true once taken (on disk, or in the memory buffer when the spool cannot take them), false when refused. Never rejects. */
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
// A probe waits at most this long for /ping: a server that is back answers in milliseconds.
const PROBE_TIMEOUT_MS = 2000;
// While the spool refuses points, how often a write tries it again.
const SPOOL_RETRY_MS = 1000;

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
  } else if (event.type === 'notice') {
    console.warn(`@p1/influx: ${event.message}`);
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
  const maxRetryDelay = Math.max(retryDelay, wholeNumber('maxRetryDelay', options.maxRetryDelay, 60_000, 1));
  const onEvent = options.onEvent ?? defaultLog;
  const settings: Settings = {
    batchSize: wholeNumber('batchSize', options.batchSize, 5000, 1),
    batchInterval: wholeNumber('batchInterval', options.batchInterval, 10_000, 0),
    // Spread ±20 %: writers that failed together do not all come back in the same instant.
    backoff: { initialDelay: retryDelay, maxDelay: maxRetryDelay, factor: 2, jitter: 0.2 },
    maxRetryDelay,
    requestTimeout: wholeNumber('requestTimeout', options.requestTimeout, 30_000, 1),
    probeInterval: wholeNumber('probeInterval', options.probeInterval, 1000, 1),
    memoryBuffer: wholeNumber('memoryBuffer', options.memoryBuffer, 10_000, 0),
    gzip: options.gzip !== false,
    emit: (event) => {
      try {
        onEvent(event);
      } catch {
        // A listener's bug must not stop the writer.
      }
    },
  };
  const maxBytes = wholeNumber('spoolMaxBytes', options.spoolMaxBytes, 256 * 1024 * 1024, 1024);
  // Notices of the spool (a lock taken over, damage found) before the writer exists, and after.
  let writer: Writer | null = null;
  const early: string[] = [];
  const onNotice = (message: string): void => (writer === null ? void early.push(message) : writer.notice(message));
  // Segments of at most 1/16 of the bound, so written ones are deleted long before the bound is near.
  const spool = await Spool.open(options.spoolDir, { maxBytes, segmentBytes: Math.min(4 * 1024 * 1024, Math.floor(maxBytes / 16)), onNotice });
  writer = new Writer(settings, request, pipeline, spool);
  for (const message of early) writer.notice(message);
  writer.start();
  return writer;
}

interface Settings {
  batchSize: number;
  batchInterval: number;
  /** Retries after a 5xx, 408 or 429: `retryDelay` doubling to `maxRetryDelay`. */
  backoff: Backoff;
  maxRetryDelay: number;
  requestTimeout: number;
  probeInterval: number;
  memoryBuffer: number;
  gzip: boolean;
  emit: (event: InfluxWriterEvent) => void;
}

interface Queue extends Lines {
  settle: ((taken: boolean) => void)[];
}

const emptyQueue = (): Queue => ({ text: '', count: 0, settle: [] });

/** The lines of line protocol text, each with its `\n`. */
const splitLines = (text: string): string[] => text.match(/[^\n]*\n/g) ?? [];

/** A batch in flight: from the spool, or from the memory buffer when the spool cannot take points. */
type Outgoing = { from: 'spool'; batch: SpoolBatch; body: Buffer; lines: number } | { from: 'memory'; taken: string[]; body: Buffer; lines: number };

class Writer implements InfluxWriter {
  private readonly counts = { readings: 0, taken: 0, written: 0, dropped: 0, failed: 0, rejected: 0, retries: 0 };
  private readonly emit: (event: InfluxWriterEvent) => void;
  private readonly faults = new Map<InfluxErrorCode, InfluxError>();
  private queue = emptyQueue();
  private committing: Promise<void> | null = null;
  /** Lines the spool could not take, newest last, at most `settings.memoryBuffer`. */
  private memory: string[] = [];
  /** Points dropped from memory since the spool last took points: said when it does again. */
  private droppedInEpisode = 0;
  /** When an append was last tried. */
  private spoolTriedAt = 0;
  /** When the oldest unsent point was taken; -Infinity for points replayed from an earlier run. */
  private oldestPendingAt: number | null;
  private flushes = 0;
  private closing: Promise<InfluxWriterStats> | null = null;
  private stopped = false;
  private sleeper: { wake: () => void; byData: boolean } | null = null;
  private drained: ((sent: boolean) => void)[] = [];
  private inFlight: AbortController | null = null;
  private probing = false;
  private loop: Promise<void> = Promise.resolve();
  // Truly private (not shown by util.inspect or console.log): it holds the Authorization header.
  readonly #request: WriteRequest;

  constructor(
    private readonly settings: Settings,
    request: WriteRequest,
    private readonly pipeline: PointPipeline,
    private readonly spool: Spool,
  ) {
    this.#request = request;
    this.emit = settings.emit;
    this.oldestPendingAt = spool.pendingLines > 0 ? -Infinity : null;
  }

  start(): void {
    if (this.spool.pendingLines > 0) this.emit({ type: 'replay', spooled: this.spool.pendingLines });
    this.loop = this.run();
    // Says at once, not at the first batch, when the server cannot be reached; watches for it to come back.
    void this.watchServer();
  }

  notice(message: string): void {
    this.emit({ type: 'notice', message, spooled: this.spool.pendingLines });
  }

  get stats(): InfluxWriterStats {
    return { ...this.counts, spooled: this.spool.pendingLines, buffered: this.memory.length };
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
    if (this.pending() === 0 || this.stopped) return this.pending() === 0;
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
      // What only memory holds gets one last try at the disk.
      if (this.memory.length > 0) await this.moveMemoryToSpool();
      await this.spool.close();
      return this.stats;
    })();
    return this.closing;
  }

  /** Points not yet written: in the spool and in memory. */
  private pending(): number {
    return this.spool.pendingLines + this.memory.length;
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
      const taken = await this.take(batch.text, batch.count);
      if (taken) this.oldestPendingAt ??= Date.now();
      this.poke(false);
      for (const settle of batch.settle) settle(taken);
    }
    // Cleared in the same turn as the loop's last look at the queue (no await in between): a caller resumed by the
    // settles above runs only after this, so its next write starts a new commit rather than wait for this one.
    this.committing = null;
  }

  /**
   * Appends lines to the spool, after what waits in memory (older); when the spool cannot take them, keeps the newest
   * in memory. False only when neither can (memory buffer off).
   */
  private async take(text: string, count: number): Promise<boolean> {
    // While the spool refuses, it is asked again at most once a second (or when delivery freed space), not per write:
    // each try encodes everything that waits in memory.
    if (this.settings.memoryBuffer > 0 && this.spoolRefusing() && Date.now() - this.spoolTriedAt < SPOOL_RETRY_MS) {
      this.keepInMemory(splitLines(text));
      this.counts.taken += count;
      return true;
    }
    this.spoolTriedAt = Date.now();
    const moving = this.memory;
    this.memory = [];
    try {
      await this.spool.append(moving.join('') + text, moving.length + count);
      this.counts.taken += count;
      this.spoolTakesAgain(moving.length);
      return true;
    } catch (error) {
      this.memory = moving.concat(this.memory);
      const fault = toInfluxError(error, 'spool-error');
      // A spool near its bound may take the new points though not the backlog too: those wait in memory and are
      // sent from there.
      if (moving.length > 0 && fault.code === 'spool-full') {
        try {
          await this.spool.append(text, count);
          this.counts.taken += count;
          this.spoolTakesAgain(0);
          return true;
        } catch {
          // Not even those: memory it is.
        }
      }
      if (this.settings.memoryBuffer === 0) return this.refuse(fault, count);
      if (!this.faults.has(fault.code)) {
        this.report(fault);
        this.notice(`keeping the newest ${this.settings.memoryBuffer} points in memory until the spool takes points again`);
      }
      this.keepInMemory(splitLines(text));
      this.counts.taken += count;
      return true;
    }
  }

  private spoolRefusing(): boolean {
    return SPOOL_FAULTS.some((code) => this.faults.has(code));
  }

  private keepInMemory(lines: string[]): void {
    this.memory.push(...lines);
    const over = this.memory.length - this.settings.memoryBuffer;
    if (over > 0) {
      this.memory.splice(0, over);
      if (this.droppedInEpisode === 0) this.notice(`the memory buffer is full (${this.settings.memoryBuffer} points): dropping the oldest points`);
      this.droppedInEpisode += over;
      this.counts.dropped += over;
    }
  }

  private spoolTakesAgain(moved: number): void {
    if (!this.spoolRefusing()) return;
    this.clear(SPOOL_FAULTS);
    const dropped = this.droppedInEpisode === 0 ? '' : `; ${this.droppedInEpisode} of the oldest were dropped while it could not`;
    const moving = moved > 0 ? `${moved} points moved from memory to the spool` : `the ${this.memory.length} points in memory are sent from there`;
    this.notice(`the spool takes points again: ${moving}${dropped}`);
    this.droppedInEpisode = 0;
  }

  /** Tries to put what waits in memory into the spool (space may have come back). */
  private async moveMemoryToSpool(): Promise<void> {
    await this.committed();
    if (this.memory.length === 0) return;
    const moving = this.memory;
    this.memory = [];
    this.spoolTriedAt = Date.now();
    try {
      await this.spool.append(moving.join(''), moving.length);
      this.spoolTakesAgain(moving.length);
    } catch {
      this.memory = moving.concat(this.memory);
    }
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
    if (this.flushes > 0 || this.stopped || this.pending() >= this.settings.batchSize) return true;
    return this.oldestPendingAt !== null && Date.now() - this.oldestPendingAt >= this.settings.batchInterval;
  }

  /** The next batch: from the spool while it holds points, else from memory. Null when there is nothing to send. */
  private async next(limit: number): Promise<Outgoing | null> {
    if (this.spool.pendingLines > 0) {
      const batch = await this.spool.read(limit);
      if (batch !== null) return { from: 'spool', batch, body: batch.body, lines: batch.lines };
    }
    if (this.memory.length === 0) return null;
    const taken = this.memory.splice(0, limit);
    return { from: 'memory', taken, body: Buffer.from(taken.join(''), 'utf8'), lines: taken.length };
  }

  /** The sender: one batch in flight at a time, acknowledged only after the server has it. */
  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      if (this.memory.length > 0 && this.spool.pendingLines === 0 && Date.now() - this.spoolTriedAt >= SPOOL_RETRY_MS) await this.moveMemoryToSpool();
      if (this.pending() === 0) {
        this.oldestPendingAt = null;
        for (const resolve of this.drained.splice(0)) resolve(true);
        await this.sleep(Infinity, true);
        continue;
      }
      if (!this.due()) {
        await this.sleep((this.oldestPendingAt ?? Date.now()) + this.settings.batchInterval - Date.now(), true);
        continue;
      }
      let outgoing: Outgoing | null;
      try {
        outgoing = await this.next(this.settings.batchSize);
      } catch (error) {
        this.report(toInfluxError(error, 'spool-error'));
        await this.sleep(this.settings.maxRetryDelay, false);
        continue;
      }
      if (outgoing === null) continue;
      this.inFlight = new AbortController();
      const delivery = await deliverBatch(this.#request, outgoing.body, {
        gzip: this.settings.gzip,
        timeout: this.settings.requestTimeout,
        signal: this.inFlight.signal,
      });
      this.inFlight = null;
      if (!delivery.ok) {
        if (outgoing.from === 'memory') this.keepInMemory(outgoing.taken.concat(this.memory.splice(0)));
        if (this.stopped) break;
        const { outcome } = delivery;
        failures++;
        this.counts.retries++;
        const delay = outcome.retry === 'slow' ? this.settings.maxRetryDelay : Math.min(this.settings.maxRetryDelay, outcome.retryAfterMs ?? backoffDelay(failures, this.settings.backoff));
        this.report(outcome.error, outcome.error.status === undefined ? undefined : delay);
        // No answer at all: probe until the server answers, then retry at once (an outage ends within a probe).
        if (outcome.error.status === undefined) await this.untilReachable();
        else await this.sleep(delay, false);
        continue;
      }
      failures = 0;
      this.counts.written += delivery.written;
      this.counts.rejected += delivery.rejected.length;
      this.clear(SEND_FAULTS);
      if (delivery.rejected.length > 0) this.report(this.refusal(delivery.rejected, outgoing.lines));
      try {
        if (outgoing.from === 'spool') {
          await this.spool.reject(outgoing.batch, delivery.rejected);
          // The spool is empty and its segments deleted: the disk has room again, try it at the next write.
          if (this.spool.pendingLines === 0) this.spoolTriedAt = 0;
        }
        else if (delivery.rejected.length > 0) await this.spool.reject(null, delivery.rejected);
      } catch (error) {
        // Written all the same (and counted): a failed checkpoint only means a replay after a restart.
        this.report(toInfluxError(error, 'spool-error'));
      }
    }
    for (const resolve of this.drained.splice(0)) resolve(this.pending() === 0);
  }

  private refusal(rejected: RejectedLine[], lines: number): InfluxError {
    const first = rejected[0]!.reason;
    return new InfluxError(
      'rejected',
      `${this.#request.description}: the server refused ${rejected.length} of ${lines} points (${first}); ` +
        `they are in rejected.lp in the spool directory, the other ${lines - rejected.length} are written`,
      { status: Number(/^\d+/.exec(first)?.[0]) || 400 },
    );
  }

  /** Sleeps a probe interval at a time until `/ping` answers (or a flush or close wakes it); `lastError` says why not. */
  private async untilReachable(): Promise<void> {
    while (!this.stopped) {
      await this.sleep(this.settings.probeInterval, false);
      if (this.stopped) return;
      const result = await probe(this.#request, Math.min(PROBE_TIMEOUT_MS, this.settings.requestTimeout));
      if (result.up) return;
      this.report(this.unreachable(result.reason));
    }
  }

  private unreachable(reason: string): InfluxError {
    return new InfluxError('unavailable', redact(`${this.#request.description}: not reachable (${reason}); readings wait in the spool until it answers`, this.#request.secrets));
  }

  /** A `/ping` at start; while it fails, says so (once) and probes until the server answers, then says it is over. */
  private async watchServer(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      for (let first = true; !this.stopped; first = false) {
        const result = await probe(this.#request, Math.min(PROBE_TIMEOUT_MS, this.settings.requestTimeout));
        if (result.up) {
          if (!first) this.clear(['unavailable']);
          return;
        }
        this.report(this.unreachable(result.reason));
        await new Promise((resolve) => setTimeout(resolve, this.settings.probeInterval).unref());
      }
    } finally {
      this.probing = false;
    }
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
  return isInfluxError(error) ? error : new InfluxError(code, error instanceof Error ? error.message : String(error), { cause: error });
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
