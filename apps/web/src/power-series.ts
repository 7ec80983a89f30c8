/**
 * Power over time in the columns uPlot draws (x in seconds), one point per telegram. Bounded: past `limit` points
 * the oldest quarter goes, so a page left open for days keeps its memory and its frame rate.
 */
export class PowerSeries {
  time: number[] = [];
  importKw: (number | null)[] = [];
  exportKw: (number | null)[] = [];

  constructor(readonly limit: number = Infinity) {}

  get length(): number {
    return this.time.length;
  }

  push(timeMs: number, importKw: number | null, exportKw: number | null): void {
    // uPlot needs x ascending: a meter clock that stepped back (a DST bug, a reset) starts no loop in the chart.
    const last = this.time[this.time.length - 1];
    if (last !== undefined && timeMs / 1000 < last) return;
    this.time.push(timeMs / 1000);
    this.importKw.push(importKw);
    this.exportKw.push(exportKw);
    if (this.time.length > this.limit) {
      const drop = Math.ceil(this.limit / 4);
      this.time.splice(0, drop);
      this.importKw.splice(0, drop);
      this.exportKw.splice(0, drop);
    }
  }

  /** Takes over whole columns (a parsed capture file), x in seconds. */
  replace(time: number[], importKw: (number | null)[], exportKw: (number | null)[]): void {
    this.time = time;
    this.importKw = importKw;
    this.exportKw = exportKw;
  }

  clear(): void {
    this.replace([], [], []);
  }
}
