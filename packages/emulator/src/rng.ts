/** A source of uniform numbers in [0, 1). Every random choice of the emulator goes through one, so a seed fixes it all. */
export type Rng = () => number;

/**
 * A seeded generator (mulberry32): fast, 32 bits of state, and the same sequence on every platform, which
 * `Math.random` cannot promise. Any number is a valid seed; fractions are truncated.
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [min, max). */
export function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** A uniform integer in [min, max]. */
export function integerBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor((max - min + 1) * rng());
}

/** True with probability `p` (clamped to [0, 1]). */
export function chance(rng: Rng, p: number): boolean {
  return p > 0 && rng() < p;
}
