import { usageError } from './cli-error.js';

/** A number from a flag, variable or config value; `where` names it in the message (`--speed`, `INFLUX_PORT`). */
export function parseNumber(where: string, value: unknown, rule: { min?: number; integer?: boolean } = {}): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  const { min = -Infinity, integer = false } = rule;
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    const kind = integer ? 'a whole number' : 'a number';
    throw usageError(`${where} needs ${kind}${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(value)}`);
  }
  return n;
}
