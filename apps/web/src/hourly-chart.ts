import uPlot from 'uplot';
import { chartSize, chartTheme, onSchemeChange } from './chart-theme.js';
import type { EnergyTotals } from './energy-buckets.js';

const HEIGHT = 200;

/** The 24 hours of the day `dayStart` (ms, local midnight) with the energy of each, zero where there is none. */
export function hoursOfDay(dayStart: number, periods: ReadonlyMap<number, EnergyTotals>): [number[], number[], number[]] {
  const x: number[] = [];
  const imports: number[] = [];
  const exports: number[] = [];
  // Stepping by the clock, not by 3600 s: a day with a DST change has 23 or 25 hours.
  for (let d = new Date(dayStart); d.getDate() === new Date(dayStart).getDate(); d.setHours(d.getHours() + 1)) {
    const t = d.getTime();
    if (x.length > 0 && t / 1000 <= x[x.length - 1]!) break;
    const totals = periods.get(t);
    x.push(t / 1000);
    imports.push(totals?.importKwh ?? 0);
    exports.push(totals?.exportKwh ?? 0);
  }
  return [x, imports, exports];
}

/** Today's energy per hour as bars: imported and exported side by side. */
export class HourlyChart {
  private chart: uPlot | null = null;
  private data: [number[], number[], number[]] = [[], [], []];

  constructor(private readonly element: HTMLElement) {
    new ResizeObserver(() => this.chart?.setSize(chartSize(this.element, HEIGHT))).observe(element);
    onSchemeChange(() => this.rebuild());
  }

  update(dayStart: number, periods: ReadonlyMap<number, EnergyTotals>): void {
    const next = hoursOfDay(dayStart, periods);
    const changed = next[0][0] !== this.data[0][0] || next.some((col, i) => col.some((v, j) => v !== this.data[i]![j]));
    this.data = next;
    this.element.dataset.day = new Date(dayStart).toISOString();
    // The day's totals, for whoever reads the page without seeing the bars (screen readers, tests).
    const total = (column: number[]): string => column.reduce((a, b) => a + b, 0).toFixed(3);
    this.element.setAttribute('aria-label', `Energy per hour: ${total(next[1])} kWh imported, ${total(next[2])} kWh exported`);
    this.element.dataset.importKwh = total(next[1]);
    if (this.chart === null) this.rebuild();
    else if (changed) this.chart.setData(this.data);
  }

  private rebuild(): void {
    this.chart?.destroy();
    const theme = chartTheme();
    const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
    const bars = (align: -1 | 1): uPlot.Series.PathBuilder => uPlot.paths.bars!({ size: [0.4, 24], align, gap: 1 });
    const kwh = (_u: uPlot, v: number | null): string => (v == null ? '–' : `${v.toFixed(3)} kWh`);
    this.chart = new uPlot(
      {
        ...chartSize(this.element, HEIGHT),
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true, range: (_u, min, max) => [min - 1800, max + 1800] }, y: { range: (_u, _min, max) => [0, Math.max(0.1, max * 1.1)] } },
        axes: [axis, { ...axis, label: 'kWh', size: 50 }],
        series: [
          {},
          { label: 'Imported', fill: theme.import, stroke: theme.import, paths: bars(-1), points: { show: false }, value: kwh },
          { label: 'Exported', fill: theme.export, stroke: theme.export, paths: bars(1), points: { show: false }, value: kwh },
        ],
      },
      this.data,
      this.element,
    );
  }
}
