import { errorMarker } from '@p1/core/internal';

/** Machine-readable reasons an `InfluxError` is raised or reported. */
export type InfluxErrorCode =
  /** An option has a value the writer cannot work with. */
  | 'invalid-option'
  /** `write()` or `toLineProtocol()` got something that is not a reading. */
  | 'invalid-reading'
  /** The server answered 401 or 403: wrong credentials or no write permission. Retried slowly. */
  | 'unauthorized'
  /** The database (1.x, 3.x) or bucket or org (2.x) does not exist. Retried slowly. */
  | 'database-not-found'
  /** The server cannot be reached, timed out, or answered 408, 429 or 5xx. Retried with backoff. */
  | 'unavailable'
  /** Any other answer the writer cannot fix by retrying soon (a wrong URL, a 405). Retried slowly. */
  | 'request-failed'
  /** The server refused the points themselves (400, 422): they are moved to the spool's `rejected.lp`. */
  | 'rejected'
  /** The spool reached its size bound: new readings are refused until the server accepts writes again. */
  | 'spool-full'
  /** Another live process holds the spool directory. */
  | 'spool-locked'
  /** The spool directory cannot be read or written (permissions, disk full). */
  | 'spool-error'
  /** The writer was closed. */
  | 'closed'
  /** A capture file cannot be read. */
  | 'read-failed';

/** What an `InfluxError` carries besides its code and message. */
export interface InfluxErrorDetails {
  /** The HTTP status the server answered with, where there was one. */
  status?: number;
  /** The spool directory or capture file the error concerns. */
  path?: string;
  /** The error underneath (a file system error), as `error.cause`. */
  cause?: unknown;
}

// Known across installed copies of @p1/influx, where `instanceof` fails, and as a p1 error (`isAnyP1Error`).
const MARKER = errorMarker<InfluxError>('@p1/influx/InfluxError');

/** The error type of @p1/influx: a `code` to branch on and a message that says what, where and what to do. */
export class InfluxError extends Error {
  readonly code: InfluxErrorCode;
  readonly status?: number;
  readonly path?: string;

  constructor(code: InfluxErrorCode, message: string, details: InfluxErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'InfluxError';
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.path !== undefined) this.path = details.path;
    MARKER.mark(this);
  }
}

/** True for an `InfluxError` from any installed copy of @p1/influx. */
export function isInfluxError(value: unknown): value is InfluxError {
  return MARKER.is(value);
}
