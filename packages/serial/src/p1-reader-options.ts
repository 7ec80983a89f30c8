import type { CrcAlgorithm, CrcPolicy, ProfileId } from '@p1/core';
import type { SerialBinding } from './serial-binding.js';
import type { ByteSource } from './byte-source.js';
import type { DebugLogOptions } from './debug-log.js';
import type { EmulatorOverrides } from './load-emulator.js';
import type { ReconnectOptions } from './reconnect-policy.js';
import type { SerialPortObject, SettingsOptions } from './resolve-settings.js';

/** Options of `new P1Reader(options)`. Every one is optional but a source: `port`, `serialPort`, `emulator` or `source`. */
export interface P1ReaderOptions extends SettingsOptions {
  /** Serial device (`/dev/ttyUSB0`, `/dev/serial/by-id/...`, `COM3`) or a network source `tcp://HOST:PORT`. */
  port?: string;
  /** Default: the `meter` preset's, else 115200. */
  baudRate?: number | string;
  /** Default: the `meter` preset's, else 8. */
  dataBits?: 5 | 6 | 7 | 8 | '5' | '6' | '7' | '8';
  /** Default: the `meter` preset's, else `'none'`. */
  parity?: SerialPortObject['parity'];
  /** Default 1. */
  stopBits?: 1 | 1.5 | 2 | '1' | '1.5' | '2';
  /** The predecessor's form: `{ port, baudRate, parity, dataBits, stopBits }` (or, as in 1.x, the path alone). */
  serialPort?: string | SerialPortObject;
  /**
   * Pick the line settings from a standard (`'dsmr2.2'`, `'dsmr3'`, `'dsmr4'`, `'dsmr5'`, `'emucs'`, `'se'`) or a
   * model of core's meter catalogue (`'AM 550'`, `'Kaifa MA105C'`). Settings given explicitly win. Default: 115200 8N1.
   */
  meter?: string;
  /**
   * Clear bit 7 of every byte, for a 7E1 meter read at 8 data bits. Default: on when the port is opened at 7 data
   * bits or the `meter` preset is a 7-bit one, off otherwise.
   */
  sevenBit?: boolean;
  /** What a CRC mismatch does: `'strict'` (default) reports an `error` and no reading; `'lenient'` delivers it; `'off'`. */
  crc?: CrcPolicy;
  /** The CRC the meter computes: `'arc'` (default, the standard's) or `'x25'` (the Hungarian Holley DTSD545). */
  crcAlgorithm?: CrcAlgorithm;
  /** Force the standard telegrams are parsed as (DSMR 3.0 cannot be told from 2.2). Default: detected per telegram. */
  profile?: ProfileId;
  /** Bytes one telegram may take before it is dropped as `frame-too-large`. Default 16384. */
  maxFrameSize?: number;
  /**
   * The decryption key of a meter that encrypts (Luxembourg Smarty), from the grid operator: 32 hex digits or 16
   * bytes. With it the reader decrypts DLMS frames (`0xDB` ...) and delivers their telegrams, each with
   * `telegram.decryption`; plain telegrams are then not accepted. Default: none (plain telegrams).
   */
  decryptionKey?: string | Uint8Array;
  /** The authentication key of the frames' AAD. Default `00112233445566778899AABBCCDDEEFF` (every Smarty's). */
  authenticationKey?: string | Uint8Array;
  /**
   * Reconnect when the device disappears or cannot be opened: `true` (default), `false`, or backoff options
   * (defaults: 500 ms doubling to 30 s, 20 % jitter, never giving up).
   */
  reconnect?: boolean | ReconnectOptions;
  /**
   * ms without a single byte after which the connection is dropped and made anew (`error` code `silence`); 0 turns
   * it off. Default 60000 for `tcp://` sources (a dongle that lost its meter or a half-open socket), 0 for serial
   * ports (a meter that stops sending is not fixed by reopening the port).
   */
  silenceTimeout?: number;
  /** `tcp://` only: ms a connection attempt may take. Default 10000. */
  connectTimeout?: number;
  /** `tcp://` only: TCP keep-alive probe delay in ms, 0 for off. Default 15000. */
  keepAlive?: number;
  /** Serial only: lock the port against other programs while it is open. Default true. */
  lock?: boolean;
  /**
   * Serial only: ms between checks that the device file is still the one opened (0: off). Default 1000. Catches
   * the hang-ups serialport misses (it can keep reading 0 bytes from a vanished device instead of reporting it).
   */
  presenceCheck?: number;
  /** Closes the reader when aborted, like `close()`. */
  signal?: AbortSignal;
  /** Open on construction, as the predecessor did. Default true; with false, call `open()`. */
  autoOpen?: boolean;
  /**
   * The predecessor's debug mode: `debug-data-raw.log` and `debug-data-parsed.log` in the working directory, 5 MiB
   * each with one rotated file kept; or options for folder and caps. Default off.
   */
  debug?: boolean | DebugLogOptions;
  /** Read an emulated meter from @p1/emulator (an optional peer dependency) instead of a port. Default false. */
  emulator?: boolean;
  /** The emulated meter: the seed's overrides and any other @p1/emulator option. */
  emulatorOverrides?: EmulatorOverrides;
  /** Serial only: another serialport binding (`@serialport/binding-mock`, the emulator's). Default: the native one. */
  binding?: SerialBinding;
  /** Read from a byte source of your own instead (MQTT, a replayed capture); `port` and settings are then ignored. */
  source?: ByteSource;
}
