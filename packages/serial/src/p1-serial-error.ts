import { errorMarker } from '@p1/core/internal';

/** Why a port, a socket or the reader around them failed. Telegram content problems are core's `P1Error`s instead. */
export type P1SerialErrorCode =
  /** The device path does not exist (cable unplugged, wrong name, USB adapter re-enumerated under another name). */
  | 'port-not-found'
  /** The user may not open the device: on Linux, add it to the `dialout` group. */
  | 'permission-denied'
  /** Another process holds the port (serialport locks it while open). */
  | 'port-busy'
  /** The path exists but is no serial device (a regular file, /dev/null). */
  | 'not-a-serial-port'
  /** An open port or socket went away: cable pulled, adapter gone, socat or the gateway ended. */
  | 'disconnected'
  /** No byte arrived for `silenceTimeout` ms: the reader dropped the connection to make a new one. */
  | 'silence'
  /** The network host refused the connection: nothing listens on that port. */
  | 'connection-refused'
  /** The network host name did not resolve. */
  | 'host-not-found'
  /** A network connection did not complete within `connectTimeout`, or a live one timed out (keep-alive). */
  | 'timeout'
  /** The reader was closed (`close()` or its `AbortSignal`) before it could connect. */
  | 'closed'
  /** Reconnecting stopped after `reconnect.maxAttempts` failed attempts. */
  | 'reconnect-failed'
  /** `emulator: true` needs the optional peer dependency `@p1/emulator`. */
  | 'emulator-missing'
  /** serialport's native part did not load on this platform (TCP sources still work). */
  | 'binding-unavailable'
  /** `detect()` found no setting that yields a valid telegram. */
  | 'not-detected'
  /** `detect()` found a meter that encrypts (Luxembourg Smarty) and no `decryptionKey` that decrypts its frames. */
  | 'decryption-key-needed'
  /** A debug log file could not be written; debug logging stops, reading goes on. */
  | 'debug-log-failed'
  /** Any other failure to open a port or socket; the message carries the system's words. */
  | 'open-failed';

export interface P1SerialErrorDetails {
  /** The device path or `tcp://` address concerned. */
  port?: string;
  cause?: unknown;
}

// Known across installed copies of @p1/serial, where `instanceof` fails, and as a p1 error (`isAnyP1Error`).
const MARKER = errorMarker<P1SerialError>('@p1/serial/P1SerialError');

/** The error of a transport or of the reader itself: a `code` to branch on and a message that says what to do. */
export class P1SerialError extends Error {
  readonly code: P1SerialErrorCode;
  readonly port?: string;

  constructor(code: P1SerialErrorCode, message: string, details: P1SerialErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'P1SerialError';
    this.code = code;
    if (details.port !== undefined) this.port = details.port;
    MARKER.mark(this);
  }
}

/** True for a `P1SerialError` from any installed copy of @p1/serial. */
export function isP1SerialError(value: unknown): value is P1SerialError {
  return MARKER.is(value);
}
