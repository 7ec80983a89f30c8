import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartSize, chartTheme, onSchemeChange } from './chart-theme.js';
import type { PowerSeries } from './power-series.js';

/** The spans the chart can follow, in seconds; Infinity shows everything. */
export const WINDOWS: Readonly<Record<string, number>> = { '5 min': 300, '1 h': 3600, '6 h': 21_600, all: Infinity };

const HEIGHT = 280;

/**
 * Power over time, one point per telegram, with uPlot (small and fast on a phone). It follows the newest telegram
 * over the chosen span; dragging across it zooms in and stops following, a double click follows again.
 */
export class PowerChart {
  private chart: uPlot | null = null;
  private series: PowerSeries | null = null;
  private span = WINDOWS['5 min']!;
  private following = true;

  constructor(
    private readonly element: HTMLElement,
    private readonly onFollowChange: (following: boolean) => void = () => {},
  ) {
    new ResizeObserver(() => this.chart?.setSize(chartSize(this.element, HEIGHT))).observe(element);
    onSchemeChange(() => this.rebuild());
  }

  /** Follows the newest point over `span` seconds again. */
  follow(span: number = this.span): void {
    this.span = span;
    this.setFollowing(true);
    this.draw();
  }

  /** Draws `series` (call at most once a frame). */
  update(series: PowerSeries): void {
    if (series !== this.series || this.chart === null) {
      this.series = series;
      this.rebuild();
    }
    this.draw();
  }

  private setFollowing(value: boolean): void {
    if (this.following === value) return;
    this.following = value;
    this.onFollowChange(value);
  }

  private data(): uPlot.AlignedData {
    const s = this.series!;
    return [s.time, s.importKw, s.exportKw] as unknown as uPlot.AlignedData;
  }

  private draw(): void {
    const chart = this.chart;
    const s = this.series;
    if (chart === null || s === null) return;
    this.element.dataset.points = String(s.length);
    chart.setData(this.data(), false);
    if (this.following && s.length > 0) {
      const max = s.time[s.length - 1]!;
      const min = Number.isFinite(this.span) ? max - this.span : s.time[0]!;
      chart.setScale('x', { min: Math.min(min, max - 1), max });
    } else if (!this.following) {
      chart.redraw(false, true);
    }
  }

  private rebuild(): void {
    this.chart?.destroy();
    const theme = chartTheme();
    const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
    this.chart = new uPlot(
      {
        ...chartSize(this.element, HEIGHT),
        legend: { live: true },
        cursor: { drag: { x: true, y: false, setScale: true } },
        scales: { x: { time: true }, y: { auto: true, range: (_u, min, max) => [Math.min(0, min), Math.max(0.1, max * 1.1)] } },
        axes: [axis, { ...axis, label: 'kW', size: 50 }],
        series: [
          {},
          { label: 'Import', stroke: theme.import, fill: `${theme.import}22`, width: 1.5, value: (_u, v) => (v == null ? '–' : `${v.toFixed(3)} kW`) },
          { label: 'Export', stroke: theme.export, fill: `${theme.export}22`, width: 1.5, value: (_u, v) => (v == null ? '–' : `${v.toFixed(3)} kW`) },
        ],
        hooks: {
          // A drag across the chart zooms in (uPlot sets the scale): the user took over the x scale.
          setSelect: [
            (u) => {
              if (u.select.width > 0) this.setFollowing(false);
            },
          ],
          ready: [(u) => u.over.addEventListener('dblclick', () => this.follow())],
          // The span shown, in seconds, readable without the canvas (tests, whoever inspects the page).
          setScale: [
            (u, key) => {
              if (key === 'x') this.element.dataset.span = `${u.scales.x!.min ?? ''}-${u.scales.x!.max ?? ''}`;
            },
          ],
        },
      },
      this.data(),
      this.element,
    );
  }
}
