import { EventEmitter } from 'node:events';
import {
  createTelegramDecoder,
  P1Error,
  type AnyTelegramDecoder,
  type DecodeResult,
  type DecryptionStats,
  type Reading,
  type SerialSettings,
  type Telegram,
  type TelegramDecoderStats,
} from '@p1/core';
import { AsyncQueue } from './async-queue.js';
import type { ByteSource } from './byte-source.js';
import { classifyError } from './classify-error.js';
import { DebugLog } from './debug-log.js';
import { loadEmulator } from './load-emulator.js';
import { P1SerialError } from './p1-serial-error.js';
import type { P1ReaderOptions } from './p1-reader-options.js';
import { reconnectDelay, resolveReconnect, type ReconnectPolicy } from './reconnect-policy.js';
import { EMULATOR_PATH, resolveSettings, type ResolvedSettings } from './resolve-settings.js';
import { SerialSource } from './serial-source.js';
import { TcpSource } from './tcp-source.js';

/**
 * Where the reader is: `idle` (made with `autoOpen: false`), `connecting` (opening the port), `connected`,
 * `reconnecting` (waiting out the backoff delay before the next attempt), `closed` (for good).
 */
export type ReaderState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** The payload of `connected`. */
export interface ConnectionInfo {
  /** As `getSerialPort()`: the device path, `tcp://host:port` or the emulator's path. */
  port: string;
  kind: 'serial' | 'tcp' | 'emulator' | 'custom';
  settings: SerialSettings;
  sevenBit: boolean;
  /** 1 for the first connection, 2 after the first reconnect, ... */
  connects: number;
}

/** The payload of `close`. */
export interface CloseInfo {
  /** Why the connection ended; null when `close()` (or the signal) ended it. */
  error: P1SerialError | null;
  /** Whether the reader will try to connect again. */
  reconnect: boolean;
}

/** The payload of `reconnecting`. */
export interface ReconnectInfo {
  /** Failed attempts in a row, 1 for the first retry. */
  attempt: number;
  /** ms until the next attempt. */
  delay: number;
  /** Why the last attempt or connection failed. */
  error: P1SerialError;
}

/** The reader's events, in the order they come (see README, "Events"). */
export interface P1ReaderEvents {
  /** The port or socket is open (again). */
  connected: [info: ConnectionInfo];
  /** A telegram with a valid CRC (or none, DSMR 2.2/3.0), as text exactly as received. Before `reading`. */
  'reading-raw': [raw: string];
  /** Its reading: core's `telegram.reading`, the predecessor's structure. */
  reading: [reading: Reading];
  /** The whole telegram (raw, header, crc, profile, objects, issues, reading). After `reading`. */
  telegram: [telegram: Telegram];
  /**
   * A telegram that gave no reading (`P1Error`: `crc-mismatch`, `incomplete`, `frame-too-large`; encrypted meters
   * also `decryption-failed`, `frame-counter-replayed`, `unsupported-security`, `unencrypted-telegram`) or a transport problem (`P1SerialError`).
   */
  error: [error: P1Error | P1SerialError];
  /** The connection ended; follows every `connected`, once. */
  close: [info: CloseInfo];
  /** A retry is scheduled. */
  reconnecting: [info: ReconnectInfo];
  /** The state changed. */
  state: [state: ReaderState, previous: ReaderState];
}

/**
 * Counters since the reader was made: the decoder's (telegrams, crcErrors, incomplete, ...; with `decryptionKey`
 * also decrypted, decryptionErrors, replayedFrames, unsupportedFrames) and the connection's.
 */
export interface P1ReaderStats extends TelegramDecoderStats, Partial<DecryptionStats> {
  state: ReaderState;
  /** Bytes received. */
  bytes: number;
  /** Successful connections. */
  connects: number;
  /** Connections lost (not counting `close()`). */
  disconnects: number;
  /** Retries scheduled. */
  reconnectAttempts: number;
  /** Telegrams a `for await` consumer fell too far behind to get (it keeps the newest 1000). */
  dropped: number;
  /** When the last telegram arrived (ms since the epoch), null before the first. */
  lastTelegramAt: number | null;
}

/** Telegrams a `for await` loop may fall behind before the oldest are dropped: 17 minutes of DSMR 5. */
const QUEUE_LIMIT = 1000;

/**
 * Reads a P1 smart meter: a serial port, a `tcp://` dongle or the emulator; bytes go straight into one core
 * `TelegramDecoder`. Opens on construction (unless `autoOpen: false`), reconnects with capped backoff when the
 * device disappears, and emits the predecessor's events (`connected`, `reading`, `reading-raw`, `error`, `close`)
 * plus `telegram`, `reconnecting` and `state`. Also `for await (const telegram of reader)`.
 *
 * An `error` without a listener does not crash the process, unlike a plain EventEmitter: the first error of each
 * code becomes a process warning, and all are counted in `stats`.
 */
export class P1Reader extends EventEmitter<P1ReaderEvents> implements AsyncIterable<Telegram> {
  /** Where the reader reads and at which settings, as resolved from the options. */
  readonly settings: ResolvedSettings;
  private readonly options: P1ReaderOptions;
  private readonly decoder: AnyTelegramDecoder;
  private readonly policy: ReconnectPolicy | null;
  private readonly silenceTimeout: number;
  private source: ByteSource | null = null;
  private debugLog: DebugLog | null = null;
  private current: ReaderState = 'idle';
  private closing = false;
  private running: Promise<void> | null = null;
  private failure: unknown = undefined;
  private connectionEnded: ((reason: P1SerialError | null) => void) | null = null;
  private wake: (() => void) | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private telegramsThisConnection = 0;
  /** Bytes a source delivered before its open() resolved: held so that `connected` comes before any reading. */
  private early: Uint8Array[] = [];
  private readonly queues = new Set<AsyncQueue<Telegram>>();
  private readonly openWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private readonly warned = new Set<string>();
  private readonly counters = { bytes: 0, connects: 0, disconnects: 0, reconnectAttempts: 0, dropped: 0, lastTelegramAt: null as number | null };
  private readonly onAbort = (): void => void this.close();

  /** Throws `P1Error` `invalid-option` for options it cannot work with; everything later arrives as events. */
  constructor(options: P1ReaderOptions = {}) {
    super();
    this.options = options;
    const custom = options.source;
    this.settings = resolveSettings(custom === undefined ? options : { ...options, port: options.port ?? custom.description });
    const { crc, crcAlgorithm, profile, maxFrameSize, decryptionKey, authenticationKey } = options;
    this.decoder = createTelegramDecoder({ crc, crcAlgorithm, profile, maxFrameSize, sevenBit: this.settings.sevenBit, decryptionKey, authenticationKey });
    this.policy = resolveReconnect(options.reconnect);
    this.silenceTimeout = options.silenceTimeout ?? (this.settings.source.kind === 'tcp' && custom === undefined ? 60_000 : 0);
    if (!(Number.isFinite(this.silenceTimeout) && this.silenceTimeout >= 0)) {
      throw new P1Error('invalid-option', `silenceTimeout must be a number of ms >= 0, got ${String(options.silenceTimeout)}`);
    }
    if (options.signal?.aborted) {
      this.closing = true;
      this.finish(undefined);
      return;
    }
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    // On the next turn, so that listeners attached right after `new` see every event.
    if (options.autoOpen !== false) queueMicrotask(() => this.open().catch(() => {}));
  }

  /** Where the reader is now. */
  get state(): ReaderState {
    return this.current;
  }

  /** Counters since the reader was made. */
  get stats(): P1ReaderStats {
    return { ...this.decoder.stats, ...this.counters, state: this.current };
  }

  /** The device path, `tcp://host:port` or the emulator's path, as the predecessor's `getSerialPort()`. */
  getSerialPort(): string {
    return this.settings.port;
  }

  /**
   * Starts reading (done on construction unless `autoOpen: false`). Resolves at the first connection; rejects when
   * the reader ends before one (reconnect off or given up, `close()`, the signal), with the reason.
   */
  open(): Promise<void> {
    if (this.current === 'closed') {
      return Promise.reject(this.failure ?? new P1SerialError('closed', 'the reader is closed', { port: this.settings.port }));
    }
    this.running ??= this.run();
    if (this.current === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => this.openWaiters.push({ resolve, reject }));
  }

  /** Closes the port and stops reconnecting, for good; a `for await` loop ends. Resolves once all is closed. */
  async close(): Promise<void> {
    if (this.current === 'closed') return;
    this.closing = true;
    if (this.running === null) {
      this.finish(undefined);
      return;
    }
    this.wake?.();
    await this.source?.close();
    await this.running;
  }

  /**
   * `for await (const telegram of reader)`: every telegram from now on (opening the reader if it is idle). Ends
   * when the reader is closed; throws the reason when it ends by failure (reconnect off or given up).
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<Telegram> {
    const queue: AsyncQueue<Telegram> = new AsyncQueue<Telegram>(
      QUEUE_LIMIT,
      () => this.queues.delete(queue),
      () => this.counters.dropped++,
    );
    if (this.current === 'closed') queue.end(this.failure);
    else this.queues.add(queue);
    if (this.current === 'idle') this.open().catch(() => {});
    return queue;
  }

  private async run(): Promise<void> {
    let failure: unknown;
    try {
      const source = await this.makeSource();
      this.source = source;
      source.on('data', this.onData);
      source.on('close', this.onSourceClose);
      if (this.options.debug) this.startDebugLog();
      failure = await this.connectLoop(source);
    } catch (error) {
      failure = error;
      this.report(error as P1SerialError);
    }
    this.finish(failure);
  }

  /** Connects, reads until the connection ends, retries; returns the reason it stopped (undefined: `close()`). */
  private async connectLoop(source: ByteSource): Promise<P1SerialError | undefined> {
    let attempt = 0; // failed attempts in a row
    let reported: string | null = null; // the code last reported during this outage: a changed cause is news
    while (!this.closing) {
      this.setState('connecting');
      this.early = [];
      const ended = new Promise<P1SerialError | null>((resolve) => (this.connectionEnded = resolve));
      let error: P1SerialError;
      try {
        await source.open();
      } catch (openError) {
        if (this.closing) break;
        error = classifyError(openError, this.settings.port);
        if (error.code !== reported) this.report(error);
        reported = error.code;
        attempt++;
        const delay = await this.retry(attempt, error);
        if (delay === null) return this.gaveUp(attempt, error);
        continue;
      }
      if (this.closing) {
        await source.close();
        break;
      }
      this.connected();
      const reason = await ended;
      this.stopWatchdog();
      this.flushDecoder();
      // The backoff starts over only after a connection that delivered: a gateway that accepts and drops at once
      // must not be hammered every `initialDelay`.
      if (this.telegramsThisConnection > 0) attempt = 0;
      if (this.closing) {
        this.emit('close', { error: null, reconnect: false });
        break;
      }
      error = reason ?? new P1SerialError('disconnected', `${this.settings.port} closed`, { port: this.settings.port });
      this.counters.disconnects++;
      this.report(error);
      reported = error.code;
      attempt++;
      const willRetry = this.policy !== null && attempt <= this.policy.maxAttempts;
      this.emit('close', { error, reconnect: willRetry });
      const delay = await this.retry(attempt, error);
      if (delay === null) return this.gaveUp(attempt, error);
    }
    return undefined;
  }

  /** Waits out the backoff for retry `attempt`; null when there is to be none. */
  private async retry(attempt: number, error: P1SerialError): Promise<number | null> {
    const delay = this.policy === null ? null : reconnectDelay(attempt, this.policy);
    if (delay === null) return null;
    this.counters.reconnectAttempts++;
    this.setState('reconnecting');
    this.emit('reconnecting', { attempt, delay, error });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), delay);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
    return delay;
  }

  private gaveUp(attempt: number, error: P1SerialError): P1SerialError {
    if (this.policy === null) return error;
    const failure = new P1SerialError(
      'reconnect-failed',
      `gave up on ${this.settings.port} after ${attempt - 1} retries (reconnect.maxAttempts); the last error: ${error.message}`,
      { port: this.settings.port, cause: error },
    );
    this.report(failure);
    return failure;
  }

  private async makeSource(): Promise<ByteSource> {
    const { options, settings } = this;
    if (options.source !== undefined) return options.source;
    const address = settings.source;
    if (address.kind === 'tcp') {
      const { connectTimeout, keepAlive } = options;
      return new TcpSource({ host: address.host, port: address.port, connectTimeout, keepAlive });
    }
    let binding = options.binding;
    if (address.kind === 'emulator') {
      const emulator = await loadEmulator();
      const overrides = options.emulatorOverrides ?? {};
      new emulator.P1Emulator(overrides); // throws on a bad override now, rather than at every reconnect
      binding = emulator.createEmulatorBinding({ ...overrides, paths: [EMULATOR_PATH] });
    }
    const { lock, presenceCheck } = options;
    return new SerialSource({ path: address.path, settings: settings.settings, binding, lock, presenceCheck });
  }

  private startDebugLog(): void {
    try {
      this.debugLog = new DebugLog(this.options.debug === true ? {} : (this.options.debug as object));
    } catch (error) {
      this.report(error as P1SerialError);
    }
  }

  private connected(): void {
    this.counters.connects++;
    this.telegramsThisConnection = 0;
    this.setState('connected');
    this.startWatchdog();
    const kind = this.options.source !== undefined ? 'custom' : this.settings.source.kind;
    const { port, settings, sevenBit } = this.settings;
    this.emit('connected', { port, kind, settings, sevenBit, connects: this.counters.connects });
    for (const waiter of this.openWaiters.splice(0)) waiter.resolve();
    for (const chunk of this.early.splice(0)) this.onData(chunk);
  }

  private readonly onData = (chunk: Uint8Array): void => {
    if (this.current === 'connecting') {
      this.early.push(chunk);
      return;
    }
    this.counters.bytes += chunk.length;
    this.watchdog?.refresh();
    for (const result of this.decoder.push(chunk)) {
      try {
        this.deliver(result);
      } catch (error) {
        // A listener threw. Inside serialport's read loop that would surface as an unhandled rejection and lose
        // the chunk's other telegrams: deliver those, and let the listener's error end the process as an
        // uncaught exception would anywhere else, with its own stack.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  };

  private readonly onSourceClose = (reason: P1SerialError | null): void => {
    const ended = this.connectionEnded;
    this.connectionEnded = null;
    ended?.(reason);
  };

  private deliver(result: DecodeResult): void {
    if (result.type === 'error') {
      this.writeDebug((log) => log.problem(result.error));
      this.report(result.error);
      return;
    }
    const telegram = result.telegram;
    this.telegramsThisConnection++;
    this.counters.lastTelegramAt = Date.now();
    this.writeDebug((log) => log.telegram(telegram));
    // The reading is worked out on first access (core's lazy Telegram): only when someone wants it.
    if (this.listenerCount('reading-raw') > 0) this.emit('reading-raw', telegram.raw);
    if (this.listenerCount('reading') > 0) this.emit('reading', telegram.reading);
    this.emit('telegram', telegram);
    for (const queue of this.queues) queue.push(telegram);
  }

  // A telegram cut off by the disconnect is expected, not news: counted in stats.incomplete, not reported.
  private flushDecoder(): void {
    for (const result of this.decoder.end()) {
      if (result.type === 'telegram' || result.error.code !== 'incomplete') this.deliver(result);
    }
  }

  private writeDebug(write: (log: DebugLog) => void): void {
    if (this.debugLog === null) return;
    try {
      write(this.debugLog);
    } catch (error) {
      this.debugLog = null;
      this.report(error as P1SerialError);
    }
  }

  private report(error: P1Error | P1SerialError): void {
    if (this.listenerCount('error') > 0) {
      this.emit('error', error);
      return;
    }
    // EventEmitter would throw an unheard 'error' and end the process: a reader that runs for months must not
    // die of one CRC error because nobody listened. Say it once per kind, count the rest.
    if (this.warned.has(error.code)) return;
    this.warned.add(error.code);
    process.emitWarning(`${error.message} (no 'error' listener on the P1Reader: later '${error.code}' errors are only counted in reader.stats)`, {
      type: 'P1ReaderWarning',
      code: error.code,
    });
  }

  private startWatchdog(): void {
    if (this.silenceTimeout === 0) return;
    const ms = this.silenceTimeout;
    this.watchdog = setTimeout(() => {
      const error = new P1SerialError(
        'silence',
        `no data from ${this.settings.port} for ${ms} ms: reconnecting (is the meter connected to the dongle, is its P1 port enabled?)`,
        { port: this.settings.port },
      );
      void this.source?.close(error);
    }, ms);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private finish(failure: unknown): void {
    if (this.current === 'closed') return;
    this.failure = failure;
    this.stopWatchdog();
    this.debugLog?.close();
    this.debugLog = null;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.source?.off('data', this.onData);
    this.source?.off('close', this.onSourceClose);
    for (const queue of this.queues) queue.end(failure);
    const reason = failure ?? new P1SerialError('closed', 'the reader was closed before it connected', { port: this.settings.port });
    for (const waiter of this.openWaiters.splice(0)) waiter.reject(reason);
    this.setState('closed');
  }

  private setState(state: ReaderState): void {
    const previous = this.current;
    if (state === previous) return;
    this.current = state;
    this.emit('state', state, previous);
  }
}
