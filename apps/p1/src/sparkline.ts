/** Eighths of a cell, lowest first. */
const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * The last `width` values as a row of block characters, scaled so that `max` fills a cell; `null` (no value) is a
 * space. Values at or below 0 get the lowest block, so that a line of zeros still shows that data arrived.
 */
export function sparkline(values: readonly (number | null)[], max: number, width: number): string {
  const shown = values.slice(Math.max(0, values.length - width));
  let out = '';
  for (const v of shown) {
    if (v === null) out += ' ';
    else if (!(max > 0) || v <= 0) out += BLOCKS[0];
    else out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.ceil((v / max) * BLOCKS.length) - 1))];
  }
  return out;
}
