import type { P1Error, Telegram } from '@p1/core';

/** What a command needs of a telegram: its reading and the standard it follows. */
export type MeterTelegram = Pick<Telegram, 'reading' | 'profile'>;

/** A running source of telegrams: the emulator, a serial port or a network dongle. */
export interface MeterSource {
  /** Telegrams as they arrive; ends after `close()` (or when the emulator's count is reached). */
  telegrams: AsyncIterable<MeterTelegram>;
  /** Stops reading and releases the device. */
  close(): Promise<void>;
}

/** What a source reports besides telegrams; every callback optional. */
export interface SourceEvents {
  /** A telegram that could not be used: CRC mismatch, cut off, too large. */
  onTelegramError?: (error: P1Error) => void;
  /** The connection's life: connected, lost, reconnecting (a one-line message for the log or the status line). */
  onStatus?: (message: string) => void;
}
