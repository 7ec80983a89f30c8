/** Eighths of a cell, lowest first. */
const BLOCKS = '▁▂▃▄▅▆▇█';
/** Nothing flowed: a dot on the line, which no one reads as a small amount (as the lowest block would be). */
const ZERO = '·';

/**
 * The last `width` values as a row of block characters, scaled so that `max` fills a cell; `null` (no value) is a
 * space and a value at or below 0 a dot, so that a line of zeros still shows that data arrived but not that
 * anything flowed. The least amount above 0 gets the lowest block.
 */
export function sparkline(values: readonly (number | null)[], max: number, width: number): string {
  const shown = values.slice(Math.max(0, values.length - width));
  let out = '';
  for (const v of shown) {
    if (v === null) out += ' ';
    else if (v <= 0) out += ZERO;
    else if (!(max > 0)) out += BLOCKS[0];
    else out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.ceil((v / max) * BLOCKS.length) - 1))];
  }
  return out;
}
