import { errorMarker } from '@p1/core/internal';

/** Machine-readable reasons an `MqttError` is raised or reported. */
export type MqttErrorCode =
  /** An option has a value the publisher cannot work with. */
  | 'invalid-option'
  /** `write()` got something that is not a telegram or a reading. */
  | 'invalid-reading'
  /** The broker refused the user name or password, or the user may not connect. Not retried. */
  | 'unauthorized'
  /** The TLS handshake failed: an untrusted or expired certificate, a wrong host name, a broker without TLS. Not retried. */
  | 'tls'
  /** The broker cannot be reached or the connection was lost. Retried with backoff. */
  | 'unavailable'
  /** The broker refused the connection for another reason (protocol version, client id). Not retried. */
  | 'refused'
  /** The publisher was closed. */
  | 'closed';

/** What an `MqttError` carries besides its code and message. */
export interface MqttErrorDetails {
  /** The MQTT reason code (CONNACK) or the system's error code (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`). */
  reason?: number | string;
  cause?: unknown;
}

// Known across installed copies of @p1/mqtt, where `instanceof` fails, and as a p1 error (`isAnyP1Error`).
const MARKER = errorMarker<MqttError>('@p1/mqtt/MqttError');

/** The error type of @p1/mqtt: a `code` to branch on and a message that says what, where and what to do. */
export class MqttError extends Error {
  readonly code: MqttErrorCode;
  readonly reason?: number | string;

  constructor(code: MqttErrorCode, message: string, details: MqttErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MqttError';
    this.code = code;
    if (details.reason !== undefined) this.reason = details.reason;
    MARKER.mark(this);
  }
}

/** True for an `MqttError` from any installed copy of @p1/mqtt. */
export function isMqttError(value: unknown): value is MqttError {
  return MARKER.is(value);
}
