import { usageError } from './cli-error.js';

// Plain decimal notation only: `Number()` also reads `1e2`, `0x3`, `0b1` and `Infinity`, which no one means in a count.
const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** A number from a flag, variable or config value; `where` names it in the message (`--speed`, `INFLUX_PORT`). */
export function parseNumber(where: string, value: unknown, rule: { min?: number; integer?: boolean } = {}): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  const { min = -Infinity, integer = false } = rule;
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    const kind = integer ? 'a whole number' : 'a number';
    throw usageError(`${where} needs ${kind}${min > -Infinity ? ` >= ${min}` : ''}, got ${JSON.stringify(value)}`);
  }
  return n;
}
