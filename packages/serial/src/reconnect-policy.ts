import { P1Error } from '@p1/core';
import { backoffDelay } from '@p1/core/internal';

/** How the reader retries after a device disappears or cannot be opened. */
export interface ReconnectOptions {
  /** ms before the first retry. Default 500: a USB adapter re-enumerates within a second or two. */
  initialDelay?: number;
  /** ms the delay never exceeds. Default 30000: a returning meter is read again within half a minute. */
  maxDelay?: number;
  /** Growth of the delay per failed attempt. Default 2. */
  factor?: number;
  /**
   * Random spread of each delay, 0-1: 0.2 gives 80-120 % of it. Default 0.2, so that several readers of one
   * gateway do not all retry in the same instant.
   */
  jitter?: number;
  /** Failed attempts in a row before the reader gives up (`reconnect-failed`). Default Infinity: never. */
  maxAttempts?: number;
}

export type ReconnectPolicy = Readonly<Required<ReconnectOptions>>;

export const DEFAULT_RECONNECT: ReconnectPolicy = Object.freeze({
  initialDelay: 500,
  maxDelay: 30_000,
  factor: 2,
  jitter: 0.2,
  maxAttempts: Infinity,
});

/** The option `reconnect` (`true`, `false` or options) as a checked policy; null when reconnecting is off. */
export function resolveReconnect(option: boolean | ReconnectOptions | undefined): ReconnectPolicy | null {
  if (option === false) return null;
  const policy = { ...DEFAULT_RECONNECT, ...(option === true || option === undefined ? {} : option) };
  const checks: [keyof ReconnectOptions, boolean][] = [
    ['initialDelay', Number.isFinite(policy.initialDelay) && policy.initialDelay >= 0],
    ['maxDelay', Number.isFinite(policy.maxDelay) && policy.maxDelay >= policy.initialDelay],
    ['factor', Number.isFinite(policy.factor) && policy.factor >= 1],
    ['jitter', policy.jitter >= 0 && policy.jitter <= 1],
    ['maxAttempts', policy.maxAttempts === Infinity || (Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1)],
  ];
  const bad = checks.find(([, ok]) => !ok);
  if (bad !== undefined) {
    throw new P1Error('invalid-option', `reconnect.${bad[0]} cannot be ${String(policy[bad[0]])}`);
  }
  return policy;
}

/**
 * ms to wait before retry number `attempt` (1 = the first retry): core's `backoffDelay` under the policy; null once
 * `maxAttempts` retries have failed. Pure but for `random`.
 */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number | null {
  return attempt > policy.maxAttempts ? null : backoffDelay(attempt, policy, random);
}
