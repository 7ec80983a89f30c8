import { PROFILES } from '@p1/core';
import { advance } from './advance.js';
import { createMeterState } from './create-meter-state.js';
import { encryptTelegram } from './encrypt-telegram.js';
import { resolveOptions, type EmulatorConfig, type EmulatorOptions } from './emulator-options.js';
import { hasFaults, injectFaults, type FaultKind } from './faults.js';
import type { MeterState } from './meter-state.js';
import { renderTelegram } from './render-telegram.js';
import { createRng, type Rng } from './rng.js';

/** One telegram as the emulator sent it. */
export interface EmittedTelegram {
  /** What the meter sent, before any fault: the telegram, complete and CRC-correct, or its encrypted frame. */
  bytes: Uint8Array;
  /** The telegram in plain text: `bytes` itself, unless the meter encrypts. */
  plaintext: Uint8Array;
  /** The frame counter of the encrypted frame; null for a plain telegram. */
  frameCounter: number | null;
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
  private frameCounter: number;

  /** `now` (ms) is the start when `options.start` is not given. Throws `P1Error` `invalid-option` on bad options. */
  constructor(options: EmulatorOptions = {}, now: number = Date.now()) {
    this.config = resolveOptions(options, now);
    this.rng = createRng(this.config.seed);
    this.faultRng = createRng(this.config.seed ^ 0x5bd1e995);
    this.withFaults = hasFaults(this.config.faults);
    this.current = createMeterState(this.config, this.rng);
    this.frameCounter = this.config.encryption?.frameCounter ?? 0;
  }

  /** The meter as the next telegram will show it. */
  get state(): MeterState {
    return this.current;
  }

  /** Sends the telegram of the current state and moves the meter one interval on. */
  next(): EmittedTelegram {
    const state = this.current;
    const plaintext = renderTelegram(state);
    const { encryption } = this.config;
    const frameCounter = encryption === null ? null : this.frameCounter;
    // The meter stops at the last frame counter (Smarty spec); an emulator that ran that long wraps around.
    if (encryption !== null) this.frameCounter = (this.frameCounter + 1) >>> 0;
    const bytes = encryption === null ? plaintext : encryptTelegram(plaintext, encryption, frameCounter!);
    const sent = this.withFaults
      ? injectFaults(bytes, encryption === null && PROFILES[this.config.profile].hasCrc, this.config.faults, this.faultRng, encryption !== null)
      : { chunks: [bytes], faults: [] };
    this.current = advance(state, this.config.interval, this.rng);
    return { bytes, plaintext, frameCounter, chunks: sent.chunks, faults: sent.faults, state };
  }
}
