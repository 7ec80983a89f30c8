/**
 * Edits (insert, delete, change a character, swap two neighbours) that turn `a` into `b`, ignoring case: the
 * optimal string alignment distance. Typos are mostly one of these.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Three rows of the table: the one before last, the last, the one being filled.
  let before: number[] = [];
  let last = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const change = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + change);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = last;
    last = row;
  }
  return last[t.length]!;
}

/** The last part of a dotted name: `influx.database` -> `database`. */
const leaf = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/**
 * The name of `known` that `name` most likely meant, or undefined when none is close: a typo in the whole name
 * (`influx.databse`), or the right key in another section or none (`influxdb.database`, `database` where the
 * file's form puts it under `influx`). Close means at most a third of the name's characters differ (at least 2).
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    // Moving a key to another section costs one edit, however the section names differ.
    const moved = leaf(candidate) === candidate && leaf(name) === name ? Infinity : editDistance(leaf(name), leaf(candidate)) + 1;
    const distance = Math.min(editDistance(name, candidate), moved);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}
