/**
 * The base units p1 converts between prefixes of: energy, power and their reactive and apparent kinds. Meters spell
 * them in any case (`kWh`, `KWH`, `kVArh`). Volumes (`m3`) are left alone: an `m` there is not milli.
 */
const BASES = ['wh', 'w', 'varh', 'var', 'vah', 'va'];
const PREFIXES: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6 };

/** `[factor, base]` of a unit such as `kWh` (1000, 'wh'); undefined for other units. */
function scaleOf(unit: string): [number, string] | undefined {
  const lower = unit.toLowerCase();
  for (const base of BASES) {
    if (!lower.endsWith(base)) continue;
    const factor = PREFIXES[lower.slice(0, -base.length)];
    if (factor !== undefined) return [factor, base];
  }
  return undefined;
}

/**
 * `value` sent in `from`, in `to`: `convertUnit(5017120, 'Wh', 'kWh')` is 5017.12. The same unit in another case
 * is the value as it is; a value without a unit is taken to be in `to` already (the standards' default). Null when
 * the two are not the same quantity (`kvarh` to `kWh`, `m3` to `kWh`): a wrong number is worse than none.
 */
export function convertUnit(value: number, from: string | null, to: string): number | null {
  if (from === null || from === to || from.toLowerCase() === to.toLowerCase()) return value;
  const a = scaleOf(from);
  const b = scaleOf(to);
  if (a === undefined || b === undefined || a[1] !== b[1]) return null;
  // Rounded to 12 significant digits: 0.123 * 1000 is 123.00000000000001 in binary.
  return Number(((value * a[0]) / b[0]).toPrecision(12));
}
