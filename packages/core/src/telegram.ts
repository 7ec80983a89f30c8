import type { Frame, TelegramCrc } from './frame-decoder.js';
import type { P1Issue } from './p1-issue.js';
import type { CosemObject } from './cosem-object.js';
import { type ParseOptions, parseContent, type TelegramContent } from './parse-content.js';
import { ParseState } from './parse-state.js';
import type { ProfileId } from './profiles.js';
import type { Reading } from './reading.js';
import { headerOf } from './tokenize.js';

/** How an encrypted telegram (Luxembourg Smarty) was read: the DLMS frame it came in. */
export interface Decryption {
  /** The meter's system title in hex (16 digits): its manufacturer id (`534147` = `SAG`) and serial. */
  systemTitle: string;
  /** The frame counter (invocation counter), which the meter raises by one per frame. */
  frameCounter: number;
  /** The security control byte: 0x30, authenticated and encrypted with AES-128-GCM. */
  securityControl: number;
}

/**
 * One telegram. `raw`, `header` and `crc` are read when it is cut from the stream; `reading`, `objects`, `issues`
 * and `profile` in one pass on first use of any of them, and kept. A program that holds many telegrams keeps little
 * more than their text until it looks inside; with `keepRaw: false` and `keepObjects: false` it keeps the reading
 * only. `toJSON()` gives every field.
 */
export class Telegram {
  /** The telegram exactly as received (latin1), '/' through the CRC line. */
  readonly raw: string;
  /** The identification line without '/', e.g. `ISk5\2MT382-1000`. */
  readonly header: string;
  /** The CRC the telegram carries (`expected`) and the one its bytes give (`actual`); null where it has none. */
  readonly crc: TelegramCrc | null;
  /** Present only on a telegram that arrived encrypted and was decrypted (and authenticated): its frame. */
  declare readonly decryption?: Decryption;
  readonly #lineEndingsRestored: boolean;
  readonly #options: ParseOptions;
  /** The decoder's memory of the telegrams before this one; let go once the telegram is parsed. */
  #state: ParseState | undefined;
  #content: TelegramContent | undefined;

  /**
   * `state`: what the decoder that cut the frame remembers of its earlier telegrams (see `ParseState`); without
   * it the telegram is parsed on its own.
   */
  constructor(frame: Frame, options: ParseOptions = {}, state?: ParseState) {
    this.raw = frame.raw;
    this.header = headerOf(frame.raw);
    this.crc = frame.crc;
    this.#lineEndingsRestored = frame.lineEndingsRestored;
    this.#options = options;
    this.#state = state;
    if (options.keepRaw === false || options.keepObjects === false) {
      // The caller opted out of keeping the text or the objects: parse now, then let them go.
      const content = this.#parse();
      if (options.keepObjects === false) content.objects = [];
      if (options.keepRaw === false) {
        this.raw = '';
        this.header = content.reading.meterType ?? ''; // the memo's copy: a slice would keep the text alive
      }
    }
  }

  /** The standard the telegram follows: detected, or the one the caller forced. */
  get profile(): ProfileId {
    return this.#parse().profile;
  }

  /** The predecessor's reading structure, extended; every key present, `null` where the telegram has no value. */
  get reading(): Reading {
    return this.#parse().reading;
  }

  /** Non-fatal problems; the values concerned are null. */
  get issues(): P1Issue[] {
    return this.#parse().issues;
  }

  /** Every data line in order, known or unknown. */
  get objects(): CosemObject[] {
    return this.#parse().objects;
  }

  toJSON(): { raw: string; header: string; profile: ProfileId; crc: TelegramCrc | null; objects: CosemObject[]; reading: Reading; issues: P1Issue[]; decryption?: Decryption } {
    const { raw, header, profile, crc, objects, reading, issues, decryption } = this;
    return { raw, header, profile, crc, objects, reading, issues, ...(decryption && { decryption }) };
  }

  #parse(): TelegramContent {
    if (this.#content !== undefined) return this.#content;
    const state = this.#state ?? ParseState.forOneTelegram();
    this.#state = undefined;
    return (this.#content = parseContent(this.raw, this.header, this.crc !== null, this.#lineEndingsRestored, this.#options, state));
  }
}


/** Marks a telegram as decrypted from the frame `decryption` describes (once, by the decrypting decoder). */
export function markDecrypted(telegram: Telegram, decryption: Decryption): Telegram {
  Object.defineProperty(telegram, 'decryption', { value: Object.freeze(decryption), enumerable: true });
  return telegram;
}
