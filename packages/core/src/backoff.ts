/** How a retry delay grows after failures in a row (a port that will not open, a server that will not answer). */
export interface Backoff {
  /** ms before the first retry. */
  readonly initialDelay: number;
  /** ms no delay exceeds. */
  readonly maxDelay: number;
  /** Growth of the delay per failure (2 doubles it). */
  readonly factor: number;
  /**
   * Random spread of each delay, 0-1: 0.2 gives 80-120 % of it (never past `maxDelay`), so that clients that failed
   * together do not all retry in the same instant. 0: exact delays.
   */
  readonly jitter: number;
}

/**
 * ms to wait before retry number `attempt` (1 = the first retry): `initialDelay * factor^(attempt-1)`, spread by
 * `jitter` and capped at `maxDelay`. The one backoff of p1 (serial's reconnects, influx's and mqtt's retries). Pure
 * but for `random`.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  // The exponent is capped so that thousands of attempts cannot overflow to Infinity before the cap applies.
  const base = Math.min(backoff.maxDelay, backoff.initialDelay * backoff.factor ** Math.min(Math.max(attempt, 1) - 1, 64));
  const spread = 1 - backoff.jitter + 2 * backoff.jitter * random();
  return Math.round(Math.min(backoff.maxDelay, base * spread));
}
