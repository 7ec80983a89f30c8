/**
 * One line of progress: `[#####.....]  42%  1.2 GB of 2.9 GB  12345 telegrams`, or without a bar and percentage
 * when the total is unknown (stdin). At most `width` characters. Pure.
 */
export function renderProgressBar(done: number, total: number | null, telegrams: number, width: number): string {
  if (total === null || total <= 0) return `${bytes(done)} read  ${telegrams} telegrams`.slice(0, width);
  const fraction = Math.min(1, done / total);
  const text = `${String(Math.floor(fraction * 100)).padStart(3)}%  ${bytes(done)} of ${bytes(total)}  ${telegrams} telegrams`;
  const barWidth = Math.min(40, width - text.length - 4);
  if (barWidth < 5) return text.slice(0, width);
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]  ${text}`;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

function bytes(n: number): string {
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit++;
  }
  return `${unit === 0 ? n : n.toFixed(1)} ${UNITS[unit]}`;
}
