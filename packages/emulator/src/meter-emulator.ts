import { PROFILES } from '@p1/core';
import { advance } from './advance.js';
import { createMeterState } from './create-meter-state.js';
import { resolveOptions, type EmulatorConfig, type EmulatorOptions } from './emulator-options.js';
import { hasFaults, injectFaults, type FaultKind } from './faults.js';
import type { MeterState } from './meter-state.js';
import { renderTelegram } from './render-telegram.js';
import { createRng, type Rng } from './rng.js';

/** One telegram as the emulator sent it. */
export interface EmittedTelegram {
  /** The telegram as the meter wrote it: complete and CRC-correct, before any fault. */
  bytes: Uint8Array;
  /** What the line delivered, in order: `bytes`, damaged and split by the faults (just `[bytes]` without). */
  chunks: Uint8Array[];
  /** The faults that struck this telegram. */
  faults: FaultKind[];
  /** The meter when it sent the telegram: `expectedReading(state)` is what the telegram says. */
  state: MeterState;
}

/**
 * The meter itself, without timers or I/O: each `next()` is the next telegram, `interval` seconds of emulated time
 * after the one before. Deterministic: the same options (seed and start included) give the same bytes.
 */
export class MeterEmulator {
  /** The options, checked and completed. */
  readonly config: EmulatorConfig;
  private current: MeterState;
  private readonly rng: Rng;
  // Faults draw from their own sequence, so switching them on does not change what the meter measures.
  private readonly faultRng: Rng;
  private readonly withFaults: boolean;

  /** `now` (ms) is the start when `options.start` is not given. Throws `P1Error` `invalid-option` on bad options. */
  constructor(options: EmulatorOptions = {}, now: number = Date.now()) {
    this.config = resolveOptions(options, now);
    this.rng = createRng(this.config.seed);
    this.faultRng = createRng(this.config.seed ^ 0x5bd1e995);
    this.withFaults = hasFaults(this.config.faults);
    this.current = createMeterState(this.config, this.rng);
  }

  /** The meter as the next telegram will show it. */
  get state(): MeterState {
    return this.current;
  }

  /** Sends the telegram of the current state and moves the meter one interval on. */
  next(): EmittedTelegram {
    const state = this.current;
    const bytes = renderTelegram(state);
    const sent = this.withFaults
      ? injectFaults(bytes, PROFILES[this.config.profile].crc, this.config.faults, this.faultRng)
      : { chunks: [bytes], faults: [] };
    this.current = advance(state, this.config.interval, this.rng);
    return { bytes, chunks: sent.chunks, faults: sent.faults, state };
  }
}
