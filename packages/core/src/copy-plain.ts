/** A deep copy of plain data (objects, arrays, primitives). */
export function copyPlain<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  // Spread copies a small object in one step; only nested objects need a second look.
  const copy = { ...value } as Record<string, unknown>;
  for (const key in copy) {
    const child = copy[key];
    if (child !== null && typeof child === 'object') copy[key] = copyPlain(child);
  }
  return copy as T;
}
