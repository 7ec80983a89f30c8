import { errorMarker } from './error-marker.js';
import type { Telegram } from './telegram.js';

/** Machine-readable reasons a `P1Error` is raised. */
export type P1ErrorCode =
  /** The CRC a telegram carries differs from the one computed over its bytes. */
  | 'crc-mismatch'
  /**
   * A telegram of a standard that requires a CRC (DSMR 4/5, eMUCs: by its version line, its header or the `profile`
   * option) carries none: unverified, so not delivered (with `crc: 'off'` it is).
   */
  | 'crc-missing'
  /** Bytes from a '/' to a '!' that are not P1 text (control bytes, no OBIS data line) and no valid CRC vouches for. */
  | 'not-p1-text'
  /** A frame grew past `maxFrameSize` without its `!` end: dropped, the decoder resynchronised. */
  | 'frame-too-large'
  /** A telegram was cut off: a new telegram began before its end, or the input ended first. */
  | 'incomplete'
  /** The input to `parseTelegram` holds no telegram start (a `/` that begins a header). */
  | 'no-telegram'
  /** An option has a value the function cannot work with. */
  | 'invalid-option'
  /** An encrypted (DLMS general-glo-ciphering) frame whose GCM tag does not match: a wrong key or changed bytes. */
  | 'decryption-failed'
  /** An authentic encrypted frame whose frame counter is not above the last one seen: a replay, dropped. */
  | 'frame-counter-replayed'
  /** An encrypted frame with a security control byte other than 0x30 (authenticated and encrypted, suite 0). */
  | 'unsupported-security'
  /** A plain telegram where a `decryptionKey` says the meter encrypts: not delivered, nothing authenticates it. */
  | 'unencrypted-telegram';

export interface P1ErrorDetails {
  /** Telegram text (latin1) the error concerns, where there is one. */
  raw?: string;
  /** For `crc-mismatch`: the CRC the telegram carries. */
  expected?: number;
  /** For `crc-mismatch`: the CRC computed over the bytes received. */
  actual?: number;
  /** For `crc-mismatch` and `crc-missing`: the parsed telegram, so that a caller can still use what it holds. */
  telegram?: Telegram;
  cause?: unknown;
}

// Known across installed copies of @p1/core, where `instanceof` fails (see `errorMarker`).
const MARKER = errorMarker<P1Error>('@p1/core/P1Error');

/** The one error type of p1: a `code` to branch on, a message that says what and where, and the raw text. */
export class P1Error extends Error {
  readonly code: P1ErrorCode;
  readonly raw?: string;
  readonly expected?: number;
  readonly actual?: number;
  readonly telegram?: Telegram;

  constructor(code: P1ErrorCode, message: string, details: P1ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'P1Error';
    this.code = code;
    if (details.raw !== undefined) this.raw = details.raw;
    if (details.expected !== undefined) this.expected = details.expected;
    if (details.actual !== undefined) this.actual = details.actual;
    if (details.telegram !== undefined) this.telegram = details.telegram;
    MARKER.mark(this);
  }
}

/** True for a `P1Error` from any installed copy of @p1/core. */
export function isP1Error(value: unknown): value is P1Error {
  return MARKER.is(value);
}
