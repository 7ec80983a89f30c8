import { EventEmitter } from 'node:events';
import { P1Error } from '@p1/core';
import { systemClock, type Clock } from './clock.js';
import type { EmulatorOptions } from './emulator-options.js';
import { MeterEmulator, type EmittedTelegram } from './meter-emulator.js';

/** A meter that sends on its own: the emulator options plus the pace. */
export interface P1EmulatorOptions extends EmulatorOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /** N times faster than real time; 0 sends as fast as the consumer takes it. Default 1. */
  speed?: number;
  /** Stop after this many telegrams. Default: never. */
  count?: number;
}

/**
 * At speed 0 an iteration lets the event loop turn after this many telegrams: a consumer that awaits nothing but the
 * emulator would otherwise never let a timer, a socket or a signal through. Often enough for the loop to breathe
 * (well under a millisecond of telegrams), rarely enough to cost nothing measurable.
 */
const TELEGRAMS_PER_TURN = 16;

/** The events of a `P1Emulator`. */
export interface P1EmulatorEvents {
  /** Each telegram sent, with the meter state it shows. */
  telegram: [telegram: EmittedTelegram];
  /** The bytes on the line, chunk by chunk. */
  data: [chunk: Uint8Array];
  /** `count` telegrams were sent. */
  end: [];
}

/**
 * A software smart meter on a schedule: `start()` sends a telegram every `interval / speed` seconds of `clock`
 * time as `telegram` and `data` events; or iterate it (`for await (const chunk of emulator)`) to pull the bytes at
 * the same pace. Use one of the two at a time: both draw from the same meter.
 */
export class P1Emulator extends EventEmitter<P1EmulatorEvents> {
  /** The meter behind the schedule. */
  readonly meter: MeterEmulator;
  /** The clock it keeps time by (default: the system clock). */
  readonly clock: Clock;
  /** Times faster than real time (default 1; 0 = no waiting). */
  readonly speed: number;
  /** Telegrams to send before it ends (default Infinity). */
  readonly count: number;
  private sentCount = 0;
  private origin = 0;
  private timer: { cancel(): void } | null = null;
  private stopped = false;
  private readonly sleepers = new Set<() => void>();

  /** Throws `P1Error` `invalid-option` on bad options. */
  constructor(options: P1EmulatorOptions = {}) {
    super();
    const { clock = systemClock, speed = 1, count = Infinity, ...meterOptions } = options;
    if (!(Number.isFinite(speed) && speed >= 0)) throw new P1Error('invalid-option', `speed must be a number >= 0, got ${String(speed)}`);
    if (!(count === Infinity || (Number.isInteger(count) && count >= 0))) {
      throw new P1Error('invalid-option', `count must be a whole number >= 0, got ${String(count)}`);
    }
    this.clock = clock;
    this.speed = speed;
    this.count = count;
    this.meter = new MeterEmulator(meterOptions, clock.now());
  }

  /** Telegrams sent so far. */
  get sent(): number {
    return this.sentCount;
  }

  /** Whether `start()` is sending. */
  get running(): boolean {
    return this.timer !== null;
  }

  /** Sends the first telegram at once (on the next timer turn), then one per interval. No effect when running. */
  start(): this {
    if (this.timer !== null || this.sentCount >= this.count) return this;
    this.stopped = false;
    this.origin = this.clock.now() - this.sentCount * this.periodMs();
    this.schedule();
    return this;
  }

  /** Stops sending, and ends an iteration in progress. `start()` resumes. */
  stop(): void {
    this.timer?.cancel();
    this.timer = null;
    this.stopped = true;
    for (const wake of this.sleepers) wake();
  }

  /** The bytes on the line, at the emulator's pace; ends after `count` telegrams or at `stop()`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    this.stopped = false;
    this.origin = this.clock.now() - this.sentCount * this.periodMs();
    while (this.sentCount < this.count && !this.stopped) {
      if (this.speed > 0) await this.sleepUntil(this.dueTime());
      else if (this.sentCount % TELEGRAMS_PER_TURN === TELEGRAMS_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
      if (this.stopped) return;
      yield* this.send().chunks;
    }
  }

  private periodMs(): number {
    return this.speed === 0 ? 0 : (this.meter.config.interval * 1000) / this.speed;
  }

  private dueTime(): number {
    return this.origin + this.sentCount * this.periodMs();
  }

  private send(): EmittedTelegram {
    const telegram = this.meter.next();
    this.sentCount++;
    this.emit('telegram', telegram);
    for (const chunk of telegram.chunks) this.emit('data', chunk);
    if (this.sentCount === this.count) {
      this.stop();
      this.emit('end');
    }
    return telegram;
  }

  private schedule(): void {
    const tick = (): void => {
      this.timer = null;
      this.send();
      if (!this.stopped) this.schedule();
    };
    if (this.speed === 0) {
      // No time passes between telegrams, but the event loop must still breathe between them.
      const handle = setImmediate(tick);
      this.timer = { cancel: () => clearImmediate(handle) };
    } else {
      const handle = this.clock.setTimeout(tick, Math.max(0, this.dueTime() - this.clock.now()));
      this.timer = { cancel: () => this.clock.clearTimeout(handle) };
    }
  }

  private sleepUntil(due: number): Promise<void> {
    const delay = due - this.clock.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => wake(), delay);
      const wake = (): void => {
        this.clock.clearTimeout(handle);
        this.sleepers.delete(wake);
        resolve();
      };
      this.sleepers.add(wake);
    });
  }
}
