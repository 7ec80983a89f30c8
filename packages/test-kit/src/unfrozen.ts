/**
 * The paths inside `value` that are not frozen (functions aside: they are code, not data), for the tests that hold
 * every exported table to being frozen all the way down. `[]` when all of it is.
 */
export function unfrozenPaths(value: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const here = Object.isFrozen(value) ? [] : [path];
  return [...here, ...Object.entries(value).flatMap(([key, child]) => unfrozenPaths(child, `${path}.${key}`, seen))];
}
