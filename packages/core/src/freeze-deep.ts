/**
 * Makes `value` and everything in it read-only, and returns it. Parts already frozen are taken as frozen all the way
 * down (everything p1 freezes, it freezes deeply), so shared parts are not walked again.
 */
export function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freezeDeep(child);
    Object.freeze(value);
  }
  return value;
}
