import { freezeDeep } from '@p1/core/internal';

/** Time and timers, injectable so that tests run the emulator in fake time and never wait on the wall clock. */
export interface Clock {
  /** ms since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. It looks the globals up on every call, so test frameworks' fake timers apply to it too. */
export const systemClock: Clock = freezeDeep({
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});
