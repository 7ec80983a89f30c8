import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { P1Error, Telegram } from '@p1/core';
import { P1SerialError } from './p1-serial-error.js';

/** Options of the debug mode (`debug: true` or these). */
export interface DebugLogOptions {
  /** Folder of `debug-data-raw.log` and `debug-data-parsed.log`. Default: the working directory, as the predecessor. */
  dir?: string;
  /** Bytes one file may reach before it is rotated to `<name>.1`. Default 5 MiB. */
  maxBytes?: number;
  /**
   * Rotated files kept per log (`.1` newest ... `.keep` oldest); older ones are deleted. Default 1, so the debug
   * mode never takes more than 2 logs x (1 + keep) x maxBytes = 20 MiB of a Raspberry Pi's SD card.
   */
  keep?: number;
}

export const RAW_LOG = 'debug-data-raw.log';
export const PARSED_LOG = 'debug-data-parsed.log';

/**
 * The predecessor's debug mode: every telegram as received in `debug-data-raw.log` (and every frame that failed,
 * with the reason), every reading as JSON in `debug-data-parsed.log`, each entry headed by the time it arrived.
 * Size-capped with rotation. Writes are synchronous: one or two small appends a second, never out of order.
 */
export class DebugLog {
  private readonly raw: CappedFile;
  private readonly parsed: CappedFile;

  /** Throws `P1SerialError` `debug-log-failed` when a file cannot be opened. */
  constructor(options: DebugLogOptions = {}) {
    const { dir = process.cwd(), maxBytes = 5 << 20, keep = 1 } = options;
    if (!(Number.isInteger(maxBytes) && maxBytes >= 1024)) throw new P1SerialError('debug-log-failed', `debug.maxBytes must be a whole number >= 1024, got ${String(maxBytes)}`);
    if (!(Number.isInteger(keep) && keep >= 0)) throw new P1SerialError('debug-log-failed', `debug.keep must be a whole number >= 0, got ${String(keep)}`);
    this.raw = new CappedFile(join(dir, RAW_LOG), maxBytes, keep);
    this.parsed = new CappedFile(join(dir, PARSED_LOG), maxBytes, keep);
  }

  /** Logs a telegram and its reading. Throws `P1SerialError` `debug-log-failed` when a write fails. */
  telegram(telegram: Telegram, at: Date = new Date()): void {
    this.raw.append(`Package received at ${at.toISOString()}:\n${telegram.raw}\n\n`);
    this.parsed.append(`Package received at ${at.toISOString()}:\n${JSON.stringify(telegram.reading, null, 4)}\n\n`);
  }

  /** Logs the bytes of a frame that gave no reading (CRC mismatch, cut off, too large), with the reason. */
  problem(error: P1Error, at: Date = new Date()): void {
    this.raw.append(`Package received at ${at.toISOString()} (${error.code}: ${error.message}):\n${error.raw ?? ''}\n\n`);
  }

  close(): void {
    this.raw.close();
    this.parsed.close();
  }
}

/** An append-only file that rotates to `.1`, `.2`, ... before it would grow past `maxBytes`. */
class CappedFile {
  private fd: number | null = null;
  private size = 0;

  constructor(
    private readonly path: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {
    this.open();
  }

  append(text: string): void {
    const bytes = Buffer.from(text, 'latin1'); // telegrams are latin1 text: one byte per character, as received
    // An entry larger than the cap on its own still goes in whole, into a fresh file.
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    this.attempt('write', () => writeSync(this.fd!, bytes));
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    this.attempt('open', () => {
      this.fd = openSync(this.path, 'a');
      this.size = fstatSync(this.fd).size;
    });
  }

  private rotate(): void {
    this.close();
    this.attempt('rotate', () => {
      // A rename replaces its target, so the oldest kept file drops out as the others move up one.
      for (let n = this.keep - 1; n >= 1; n--) {
        if (existsSync(`${this.path}.${n}`)) renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
      }
      if (this.keep > 0) renameSync(this.path, `${this.path}.1`);
      else rmSync(this.path, { force: true });
    });
    this.open();
  }

  private attempt(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      throw new P1SerialError('debug-log-failed', `cannot ${what} the debug log ${this.path}: ${(error as Error).message}; debug logging stops`, { cause: error });
    }
  }
}
