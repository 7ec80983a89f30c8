import type { CrcPolicy } from './crc-policy.js';
import { FrameDecoder, type FrameDecoderOptions, type FrameDecoderStats, type FrameResult } from './frame-decoder.js';
import { checkParseOptions } from './check-parse-options.js';
import { P1Error } from './p1-error.js';
import type { ParseOptions } from './parse-content.js';
import { ParseState } from './parse-state.js';
import { PROFILES } from './profiles.js';
import { Telegram } from './telegram.js';

export interface TelegramDecoderOptions extends FrameDecoderOptions, ParseOptions {
  /** What to do with a telegram whose CRC does not match (see `CrcPolicy`). Default `strict`. */
  crc?: CrcPolicy;
}

export type DecodeResult = { type: 'telegram'; telegram: Telegram } | { type: 'error'; error: P1Error };

export interface TelegramDecoderStats extends FrameDecoderStats {
  /** Telegrams delivered. */
  telegrams: number;
  /** Telegrams whose CRC did not match or was missing (`crcMissing` of them), in strict and lenient mode. */
  crcErrors: number;
  /** Telegrams without the CRC their standard requires (`crc-missing`): never delivered unless `crc: 'off'`. */
  crcMissing: number;
}

const NONE: DecodeResult[] = [];

/** Incremental bytes -> telegrams: `push(chunk)` returns what the chunk completed, `end()` flushes. Never throws on input. */
export class TelegramDecoder {
  private readonly frames: FrameDecoder;
  private readonly options: TelegramDecoderOptions;
  /** This decoder's own memory of its meters' telegrams: shared with no other decoder. */
  private readonly state = new ParseState();
  private telegrams = 0;
  private crcErrors = 0;
  private crcMissing = 0;

  /** Throws `invalid-option` for an option it cannot work with (the same checks as `parseTelegram`'s). */
  constructor(options: TelegramDecoderOptions = {}) {
    checkParseOptions(options);
    this.options = options;
    this.frames = new FrameDecoder(options);
  }

  /** Counters since the decoder was made. */
  get stats(): TelegramDecoderStats {
    return { ...this.frames.stats, telegrams: this.telegrams, crcErrors: this.crcErrors, crcMissing: this.crcMissing };
  }

  push(chunk: Uint8Array | string): DecodeResult[] {
    const frames = this.frames.push(chunk);
    return frames.length === 0 ? NONE : frames.map((r) => this.toResult(r));
  }

  end(): DecodeResult[] {
    return this.frames.end().map((r) => this.toResult(r));
  }

  private toResult(result: FrameResult): DecodeResult {
    if (result.type === 'error') return result;
    const telegram = new Telegram(result.frame, this.options, this.state);
    const crc = telegram.crc;
    if (crc === null && this.options.crc !== 'off') {
      const missing = crcMissingError(telegram);
      if (missing !== undefined) {
        this.crcErrors++;
        this.crcMissing++;
        return { type: 'error', error: missing };
      }
    }
    if (crc !== null && !crc.valid) {
      this.crcErrors++;
      if (this.options.crc !== 'lenient') return { type: 'error', error: crcMismatchError(telegram)! };
    }
    this.telegrams++;
    return { type: 'telegram', telegram };
  }
}

/**
 * The `crc-missing` error for a telegram without a CRC whose standard requires one (read from its version line, its
 * header or the `profile` option), else undefined. Only DSMR 2.2/3.0 telegrams, and meters that follow them (the
 * Kamstrup 162, the Iskra ME382), may end without a CRC.
 */
export function crcMissingError(telegram: Telegram): P1Error | undefined {
  if (telegram.crc !== null) return undefined; // without reading its profile, which parses the telegram
  const profile = PROFILES[telegram.profile];
  if (!profile.hasCrc) return undefined;
  return new P1Error(
    'crc-missing',
    `telegram from "${telegram.header}" carries no CRC, but ${profile.name} telegrams end with one: unverified, not delivered`,
    { raw: telegram.raw, telegram },
  );
}

/** The `crc-mismatch` error for a telegram whose CRC does not match its bytes, else undefined. */
export function crcMismatchError(telegram: Telegram): P1Error | undefined {
  const crc = telegram.crc;
  if (crc === null || crc.valid) return undefined;
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  return new P1Error(
    'crc-mismatch',
    `CRC mismatch in telegram from "${telegram.header}": it carries ${hex(crc.expected)}, its bytes give ${hex(crc.actual)}`,
    { raw: telegram.raw, expected: crc.expected, actual: crc.actual, telegram },
  );
}
