import { errorMarker } from '@p1/core/internal';

/** Machine-readable reasons an `EmulatorError` is raised. */
export type EmulatorErrorCode =
  /** A pseudo-terminal needs socat, which is not installed. */
  | 'socat-missing'
  /** socat could not make the pseudo-terminal (a missing folder, no permission); its own words are in the message. */
  | 'pty-failed'
  /** The TCP server cannot listen (the port is in use, the address is not this machine's). */
  | 'listen-failed'
  /** A read of an emulated port ended by `close()`: no failure to serialport (`canceled: true`). */
  | 'canceled';

// Known across installed copies of @p1/emulator, where `instanceof` fails, and as a p1 error (`isAnyP1Error`).
const MARKER = errorMarker<EmulatorError>('@p1/emulator/EmulatorError');

/** The error type of @p1/emulator's devices and servers: a `code` to branch on and a message that says what to do. */
export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
    MARKER.mark(this);
  }
}

/** True for an `EmulatorError` (and so a `SocatMissingError` or `CanceledError`) from any installed copy. */
export function isEmulatorError(value: unknown): value is EmulatorError {
  return MARKER.is(value);
}

/** The error when socat, which makes the pseudo-terminal, is not installed. */
export class SocatMissingError extends EmulatorError {
  declare readonly code: 'socat-missing';

  constructor(message: string, options?: ErrorOptions) {
    super('socat-missing', message, options);
    this.name = 'SocatMissingError';
  }
}

/** A read ended by `close()`: the stream knows a `canceled` error is no failure (bindings-interface contract). */
export class CanceledError extends EmulatorError {
  declare readonly code: 'canceled';
  readonly canceled = true;

  constructor(message: string) {
    super('canceled', message);
    this.name = 'CanceledError';
  }
}
