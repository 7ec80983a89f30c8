const DECIMAL = /^[-+]?\d+(?:\.\d*)?$/;

/**
 * A P1 decimal (`000123.456`, `-03.618`, `0000.63`) as a number, whatever its width or number of decimals; null
 * for anything else (`Number()` alone would accept `''`, `0x10` and `1e3`).
 */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}
