// Independent package versions make two installed copies of a p1 package in one process likely, and `instanceof`
// fails across copies. So each p1 error class marks its errors with a registered symbol (`Symbol.for`), which every
// copy shares, and every p1 error also carries the family's marker: one guard tells any p1 error from the rest.
const FAMILY = Symbol.for('@p1/error');

/**
 * Any error a p1 package raises: core's `P1Error`, serial's `P1SerialError` (and `DetectError`), influx's
 * `InfluxError`, mqtt's `MqttError`, the emulator's `EmulatorError` (and `SocatMissingError`, `CanceledError`).
 */
export interface AnyP1Error extends Error {
  /** What went wrong, to branch on; the codes are each class's own. */
  readonly code: string;
}

/** How one p1 error class marks its errors and recognises them across installed copies. */
export interface ErrorMarker<T extends AnyP1Error> {
  /** Marks `error` (call it in the class's constructor). */
  mark(error: T): void;
  /** True for an error of the class from any installed copy of its package. */
  is(value: unknown): value is T;
}

/** The marker of an error class, by a key unique to it (`'@p1/serial/P1SerialError'`). */
export function errorMarker<T extends AnyP1Error>(key: string): ErrorMarker<T> {
  const own = Symbol.for(key);
  return {
    mark(error) {
      Object.defineProperty(error, own, { value: true });
      Object.defineProperty(error, FAMILY, { value: true });
    },
    is: (value: unknown): value is T => carries(value, own),
  };
}

/** True for an error of any p1 package (any installed copy): each has a `code` and a message that says what and where. */
export function isAnyP1Error(value: unknown): value is AnyP1Error {
  return carries(value, FAMILY);
}

function carries(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
