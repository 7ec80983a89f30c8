const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A P1 decimal (`000123.456`, `-03.618`, `0000.63`) as a number, whatever its width or number of decimals; null
 * for anything else (`Number()` alone would accept `''`, `0x10` and `1e3`).
 */
export function parseDecimal(text: string): number | null {
  return decimalIn(text, 0, text.length);
}

/**
 * `parseDecimal` of `text[from, to)`, read in place: the one number reader of both parse paths (the fast path reads
 * values where they stand in a telegram's text, the slow path a group's value).
 */
export function decimalIn(text: string, from: number, to: number): number | null {
  let i = from;
  let sign = 1;
  const first = text.charCodeAt(i);
  if (first === 45 /* - */ || first === 43 /* + */) {
    sign = first === 45 ? -1 : 1;
    i++;
  }
  if (i >= to) return null;
  // Digits accumulate as an integer; one division by a power of ten then rounds correctly, exactly as Number() does,
  // as long as the integer stays below 2^53 (15 digits). Longer values take Number()'s path.
  let mantissa = 0;
  let decimals = -1;
  let digits = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === -2 /* . */ && decimals < 0 && digits > 0) {
      decimals = 0;
    } else {
      return null;
    }
  }
  if (digits > 15) return Number(text.slice(from, to));
  return decimals > 0 ? (sign * mantissa) / POW10[decimals]! : sign * mantissa;
}
