// The one timing helper. Cases run round-robin (A1 B1 C1 D1, A2 B2 ...) so that a slow spell of a shared machine
// hits every case alike instead of one case's whole series; the median of the rounds ignores the odd outlier.
// Rates are per CPU second of this process (user + system, the garbage collector's helper threads included, so no
// work is hidden): time spent waiting for a core of a loaded machine is not the parser's. Wall time is kept beside.
import { performance } from 'node:perf_hooks';

// Sink values land in module state, so the engine cannot prove a case's work unused and drop it.
let keep = 0;

/** Runs each case once on `warmup` (untimed, for the JIT), then `rounds` timed rounds on `workload`. */
export function timeRoundRobin(cases, workload, { rounds, warmup }) {
  for (const c of cases) c.run(warmup);
  const seconds = cases.map(() => []);
  const wall = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    cases.forEach((c, i) => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const { count, sink } = c.run(workload);
      const used = process.cpuUsage(cpu);
      wall[i].push((performance.now() - start) / 1000);
      seconds[i].push((used.user + used.system) / 1e6);
      if (count !== workload.count) throw new Error(`${c.label}: ${count} of ${workload.count} telegrams`);
      keep = (keep + sink) % 1e9;
    });
  }
  return cases.map((c, i) => ({ ...c, seconds: median(seconds[i]), samples: seconds[i], wallSeconds: median(wall[i]) }));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
