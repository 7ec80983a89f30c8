import { Aes128Gcm } from './aes-128-gcm.js';
import { AUTHENTICATED_ENCRYPTED, GLO_CIPHERING, isSupportedSecurity, MAX_HEAD, readCipherHead, TAG_LENGTH } from './cipher-frame-header.js';
import { parseKey, SMARTY_AUTHENTICATION_KEY } from './decryption-key.js';
import { latin1, latin1Bytes } from './latin1.js';
import { P1Error } from './p1-error.js';
import { markDecrypted } from './telegram.js';
import { TelegramDecoder, type DecodeResult, type TelegramDecoderOptions, type TelegramDecoderStats } from './telegram-decoder.js';

export interface EncryptedTelegramDecoderOptions extends TelegramDecoderOptions {
  /** The meter's decryption key from its grid operator: 32 hex digits or 16 bytes. Required. */
  decryptionKey: string | Uint8Array;
  /** The authentication key of the AAD. Default `00112233445566778899AABBCCDDEEFF`, the one every Smarty uses. */
  authenticationKey?: string | Uint8Array;
}

/** What the decryption stage counted, on top of the telegram counters. */
export interface DecryptionStats {
  /** Encrypted frames whose tag matched: decrypted and authentic. */
  decrypted: number;
  /** Frames whose tag did not match (`decryption-failed`). */
  decryptionErrors: number;
  /** Authentic frames dropped because their frame counter did not rise (`frame-counter-replayed`). */
  replayedFrames: number;
  /** Frames with a security control byte p1 does not decrypt (`unsupported-security`). */
  unsupportedFrames: number;
  /** Plain telegrams (CRC valid) between the frames, not delivered (`unencrypted-telegram`). */
  unencryptedTelegrams: number;
}

/**
 * `frames` counts the encrypted frames cut from the stream; `garbageBytes` the bytes outside them (and outside the
 * telegram in a plaintext); `incomplete` the frames cut off; `telegrams` and `crcErrors` the plaintexts' telegrams.
 */
export interface EncryptedTelegramDecoderStats extends TelegramDecoderStats, DecryptionStats {}

/** Restart candidates tried inside one failed frame: bounds the work a hostile stream can cause. */
const MAX_CANDIDATES = 16;
/** System titles whose last frame counter is kept: a stream carries one meter; a few more cost nothing. */
const MAX_TITLES = 16;
const NONE: DecodeResult[] = [];

/**
 * Incremental bytes -> telegrams for meters that encrypt (Luxembourg Smarty): finds DLMS general-glo-ciphering
 * frames (`0xDB` ...) among garbage and cut frames, checks each frame's GCM tag, decrypts it with AES-128-GCM
 * (IV = system title + frame counter, AAD = security byte + authentication key) and parses the plaintext with a
 * `TelegramDecoder` (CRC policy and all). Delivered telegrams carry `decryption` (system title, frame counter).
 * Synchronous like `TelegramDecoder`, with the same `push`/`end`/`stats`; never throws on input and holds at most
 * one frame.
 *
 * Errors, each a `P1Error` result, never a telegram: `decryption-failed` (wrong key or changed bytes),
 * `incomplete` (a frame cut off), `frame-counter-replayed` (an authentic frame whose counter did not rise above the
 * last one from its meter), `unsupported-security` (a security byte other than 0x30), `no-telegram` (an authentic
 * frame with no telegram inside), `unencrypted-telegram` (a plain telegram between the frames: a key set for a meter
 * that does not encrypt), and the plaintext's own (`crc-mismatch`, ...).
 */
export class EncryptedTelegramDecoder {
  private readonly gcm: Aes128Gcm;
  /** Security control byte + authentication key. */
  private readonly aad: Uint8Array;
  private readonly inner: TelegramDecoder;
  /** Largest frame accepted: a plaintext of `maxFrameSize` plus the DLMS head and tag. */
  private readonly maxSize: number;
  private buf = new Uint8Array(0);
  private len = 0;
  /** Size of the frame in `buf` once its head was read; 0 before. */
  private size = 0;
  private readonly lastCounters = new Map<string, number>();
  /** Watches the bytes outside frames for plain telegrams; made at the first '/' there. */
  private plain: TelegramDecoder | null = null;
  private readonly counts = {
    frames: 0,
    incomplete: 0,
    garbageBytes: 0,
    decrypted: 0,
    decryptionErrors: 0,
    replayedFrames: 0,
    unsupportedFrames: 0,
    unencryptedTelegrams: 0,
  };

  /** Throws `P1Error` `invalid-option` for a missing or malformed key and for options that cannot apply. */
  constructor(options: EncryptedTelegramDecoderOptions) {
    if (options.decryptionKey === undefined || options.decryptionKey === '') {
      throw new P1Error('invalid-option', 'decryptionKey is required to read an encrypted meter (32 hex digits from the grid operator)');
    }
    if (options.sevenBit) {
      throw new P1Error('invalid-option', 'sevenBit cannot be used with decryptionKey: encrypted frames are 8-bit binary (read the meter at 8N1)');
    }
    this.gcm = new Aes128Gcm(parseKey('decryptionKey', options.decryptionKey));
    this.aad = new Uint8Array(17);
    this.aad[0] = AUTHENTICATED_ENCRYPTED;
    this.aad.set(parseKey('authenticationKey', options.authenticationKey ?? SMARTY_AUTHENTICATION_KEY), 1);
    const { decryptionKey: _d, authenticationKey: _a, ...plain } = options;
    this.inner = new TelegramDecoder(plain);
    this.maxSize = (options.maxFrameSize ?? 16384) + MAX_HEAD + 4 + TAG_LENGTH;
  }

  /** Counters since the decoder was made. */
  get stats(): EncryptedTelegramDecoderStats {
    const inner = this.inner.stats;
    const { frames, incomplete, garbageBytes, ...decryption } = this.counts;
    return {
      frames,
      incomplete: incomplete + inner.incomplete,
      tooLarge: inner.tooLarge,
      garbageBytes: garbageBytes + inner.garbageBytes,
      garbageFrames: inner.garbageFrames,
      telegrams: inner.telegrams,
      crcErrors: inner.crcErrors,
      crcMissing: inner.crcMissing,
      ...decryption,
    };
  }

  /** Feed the next chunk; returns the telegrams and errors it completed (often none). */
  push(chunk: Uint8Array | string): DecodeResult[] {
    const bytes = typeof chunk === 'string' ? latin1Bytes(chunk) : chunk;
    let out = NONE;
    const emit = (result: DecodeResult): void => {
      if (out === NONE) out = [];
      out.push(result);
    };
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.len === 0) {
        const start = bytes.indexOf(GLO_CIPHERING, i);
        if (start < 0) {
          this.garbage(bytes.subarray(i), emit);
          break;
        }
        this.garbage(bytes.subarray(i, start), emit);
        i = start;
        if (this.buf.length === 0) this.buf = new Uint8Array(this.maxSize);
      }
      // Before the head is read, take no more than a head: a frame is always longer, so nothing is overtaken.
      const take = Math.min((this.size || MAX_HEAD) - this.len, n - i);
      this.buf.set(bytes.subarray(i, i + take), this.len);
      this.len += take;
      i += take;
      this.settle(emit);
    }
    return out;
  }

  /** The input ended: reports a frame that was cut off, after trying the frames that may have begun inside it. */
  end(): DecodeResult[] {
    const out: DecodeResult[] = [];
    const emit = (result: DecodeResult): void => void out.push(result);
    while (this.len > 0) {
      const restart = this.restartWithin(false);
      if (restart > 0) {
        this.cutOff(restart, 'a new frame began before its end', emit);
        this.settle(emit);
        continue;
      }
      if (this.size > 0 || (this.len >= 2 && readCipherHead(this.buf, 0, this.len, this.maxSize).kind === 'more')) {
        this.cutOff(this.len, 'the input ended before its end', emit);
      } else {
        this.skipTo(this.len, emit); // a lone 0xDB at the end: noise, not a frame
      }
    }
    for (const result of this.plain?.end() ?? []) this.noticePlain(result, emit);
    return out;
  }

  /** Reads heads and completes frames as far as the bytes in `buf` allow. */
  private settle(emit: (r: DecodeResult) => void): void {
    while (this.len > 0) {
      if (this.size === 0) {
        const head = readCipherHead(this.buf, 0, this.len, this.maxSize);
        if (head.kind === 'more') return;
        if (head.kind === 'none') {
          this.skipTo(this.nextStart(1), emit);
          continue;
        }
        this.size = head.size;
      }
      if (this.len < this.size) return;
      this.complete(emit);
    }
  }

  private complete(emit: (r: DecodeResult) => void): void {
    const { buf, size } = this;
    const head = readCipherHead(buf, 0, size, this.maxSize) as { securityControl: number; textStart: number };
    const systemTitle = hex(buf, 2, 10);
    const frameCounter = ((buf[head.textStart - 4]! << 24) | (buf[head.textStart - 3]! << 16) | (buf[head.textStart - 2]! << 8) | buf[head.textStart - 1]!) >>> 0;
    const where = `encrypted frame from system title ${systemTitle}, frame counter ${frameCounter}`;
    if (!isSupportedSecurity(head.securityControl)) {
      this.counts.frames++;
      this.counts.unsupportedFrames++;
      const sc = head.securityControl.toString(16).toUpperCase().padStart(2, '0');
      emit(error('unsupported-security', `${where}: security control byte 0x${sc}; p1 decrypts 0x30 (authenticated and encrypted, AES-128-GCM) only`, buf, size));
      this.consume(size);
      return;
    }
    const iv = new Uint8Array(12);
    iv.set(buf.subarray(2, 10));
    iv.set(buf.subarray(head.textStart - 4, head.textStart), 8);
    const plaintext = this.gcm.decrypt(iv, buf.subarray(head.textStart, size - TAG_LENGTH), this.aad, buf.subarray(size - TAG_LENGTH, size));
    if (plaintext === null) {
      // Bytes lost on the line make a frame swallow the start of the next: the next may begin inside this one.
      const restart = this.restartWithin(true);
      if (restart > 0) {
        this.cutOff(restart, 'a new frame began before its end', emit);
        return;
      }
      this.counts.frames++;
      this.counts.decryptionErrors++;
      const hint =
        this.counts.decrypted === 0
          ? 'no frame has decrypted yet: is decryptionKey the key of this meter (and authenticationKey, if set, right)?'
          : 'earlier frames decrypted, so its bytes were changed on the way (noise on the line)';
      emit(error('decryption-failed', `${where}: the GCM tag does not match; ${hint}`, buf, size));
      this.consume(size);
      return;
    }
    this.consume(size);
    this.counts.frames++;
    this.counts.decrypted++;
    const last = this.lastCounters.get(systemTitle);
    if (last !== undefined && frameCounter <= last) {
      this.counts.replayedFrames++;
      emit(error('frame-counter-replayed', `${where}: not above the last one seen (${last}), so a replay or a meter that went back; dropped`, plaintext, plaintext.length));
      return;
    }
    this.remember(systemTitle, frameCounter);
    const results = [...this.inner.push(plaintext), ...this.inner.end()];
    if (results.length === 0) {
      emit(error('no-telegram', `${where}: it decrypted, but holds no telegram ("/" ... "!")`, plaintext, plaintext.length));
      return;
    }
    const decryption = { systemTitle, frameCounter, securityControl: head.securityControl };
    for (const result of results) {
      if (result.type === 'telegram') markDecrypted(result.telegram, decryption);
      else if (result.error.telegram !== undefined) markDecrypted(result.error.telegram, decryption);
      emit(result);
    }
  }

  /** Reports `buf[0, end)` as a frame cut off, and drops it. */
  private cutOff(end: number, why: string, emit: (r: DecodeResult) => void): void {
    this.counts.incomplete++;
    emit(error('incomplete', `incomplete encrypted frame (${end} bytes): ${why}`, this.buf, end));
    this.consume(end);
  }

  /**
   * Where inside `buf` another frame may begin (its head reads as one, or as far as the bytes go: at least
   * `0xDB 0x08` when `cutHeads`), or -1.
   */
  private restartWithin(cutHeads: boolean): number {
    let tried = 0;
    for (let p = this.nextStart(1); p < this.len && tried++ < MAX_CANDIDATES; p = this.nextStart(p + 1)) {
      const head = readCipherHead(this.buf, p, this.len, this.maxSize);
      if (head.kind === 'frame' || (cutHeads && head.kind === 'more' && p + 2 <= this.len)) return p;
    }
    return -1;
  }

  /** Index of the next 0xDB in `buf` from `from`, or `len`. */
  private nextStart(from: number): number {
    const p = this.buf.subarray(0, this.len).indexOf(GLO_CIPHERING, from);
    return p < 0 ? this.len : p;
  }

  private skipTo(p: number, emit: (r: DecodeResult) => void): void {
    this.garbage(this.buf.subarray(0, p), emit);
    this.consume(p);
  }

  /**
   * Bytes outside any frame. A meter that does not encrypt sends its telegrams here: they are looked for, so that
   * a key set for the wrong meter is an error that says so, not silence (they are never delivered: nothing
   * authenticates them).
   */
  private garbage(bytes: Uint8Array, emit: (r: DecodeResult) => void): void {
    if (bytes.length === 0) return;
    this.counts.garbageBytes += bytes.length;
    // Bytes shaped like a telegram only: binary noise without a '/' costs no decoder.
    if (this.plain === null && !bytes.includes(0x2f)) return;
    this.plain ??= new TelegramDecoder({ crc: 'strict', maxFrameSize: this.maxSize });
    for (const result of this.plain.push(bytes)) this.noticePlain(result, emit);
  }

  private noticePlain(result: DecodeResult, emit: (r: DecodeResult) => void): void {
    if (result.type !== 'telegram') return; // noise that looked like a start: garbage, as counted
    this.counts.unencryptedTelegrams++;
    const { header, raw } = result.telegram;
    emit({
      type: 'error',
      error: new P1Error(
        'unencrypted-telegram',
        `a plain telegram from "${header}" while decryptionKey is set: dropped, as nothing authenticates it; a meter that does not encrypt is read without a key`,
        { raw },
      ),
    });
  }

  private consume(n: number): void {
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.size = 0;
  }

  private remember(systemTitle: string, frameCounter: number): void {
    this.lastCounters.delete(systemTitle);
    if (this.lastCounters.size >= MAX_TITLES) this.lastCounters.delete(this.lastCounters.keys().next().value!);
    this.lastCounters.set(systemTitle, frameCounter);
  }
}

function error(code: 'decryption-failed' | 'frame-counter-replayed' | 'unsupported-security' | 'incomplete' | 'no-telegram', message: string, bytes: Uint8Array, end: number): DecodeResult {
  return { type: 'error', error: new P1Error(code, message, { raw: latin1(bytes, 0, end) }) };
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += bytes[i]!.toString(16).toUpperCase().padStart(2, '0');
  return out;
}
