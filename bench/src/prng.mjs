// mulberry32: a tiny seeded PRNG. Math.random cannot be seeded, and the corpus must be the same bytes on every run
// so that numbers from two runs (or two machines) describe the same work.

/** A function returning floats in [0, 1), fully determined by `seed` (any 32-bit integer). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], inclusive. */
export function randomInt(rand, min, max) {
  return min + Math.floor(rand() * (max - min + 1));
}
