import type { EventEmitter } from 'node:events';
import type { P1SerialError } from './p1-serial-error.js';

/** The events of a `ByteSource`. */
export interface ByteSourceEvents {
  /** Bytes as they arrived, in chunks of any size. */
  data: [chunk: Uint8Array];
  /**
   * The connection that `open()` made has ended, once per successful `open()`: `reason` is why (`disconnected`,
   * `silence`, ...), or null when `close()` ended it without one.
   */
  close: [reason: P1SerialError | null];
}

/**
 * Where telegram bytes come from: a serial port, a TCP socket, or one of your own (MQTT, a replayed capture).
 * The reader opens it again after every `close`, so an implementation must allow open -> close -> open ... and must
 * not add listeners of its own to anything that outlives one connection.
 */
export interface ByteSource extends EventEmitter<ByteSourceEvents> {
  /** What it reads, for messages and `getSerialPort()`: a device path or `tcp://host:port`. */
  readonly description: string;
  /** Connects; rejects with a `P1SerialError` saying why it could not. No `data` before it has resolved. */
  open(): Promise<void>;
  /** Ends the current connection (its `close` event carries `reason`); resolves once it has ended. No-op when closed. */
  close(reason?: P1SerialError): Promise<void>;
}
