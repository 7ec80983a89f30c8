import type { InfluxError, InfluxTarget, InfluxWriterEvent, InfluxWriterStats } from '@p1/influx';

/** What to do about each fault the writer reports, for the person reading the log, in the words of this target. */
export function influxHints(target: InfluxTarget): Readonly<Record<string, string>> {
  const missing =
    target.version === 2
      ? `create the bucket "${target.bucket}" in the org "${target.org}" (influx bucket create -n ${target.bucket} -o ${target.org})`
      : target.version === 3
        ? `check the database name "${target.database}"`
        : `create it: influx -execute 'CREATE DATABASE "${target.database}"'`;
  return {
    unavailable: 'check --url / INFLUX_URL and that InfluxDB runs; readings wait in the spool until it answers',
    unauthorized: 'check INFLUX_USERNAME and INFLUX_PASSWORD (1.x) or INFLUX_TOKEN (2.x, 3.x) and its write permission',
    'database-not-found': missing,
    'request-failed': 'check --url / INFLUX_URL and --influx-version: the server does not take writes where p1 sends them',
    rejected: 'the points are kept in rejected.lp in the spool directory',
    'spool-full': 'InfluxDB has not taken writes for a long time: the newest readings wait in memory until it does',
    'spool-error': 'check that the spool directory is writable and the disk is not full; the newest readings wait in memory',
  };
}

/** One log line for a writer event. Pure. */
export function formatWriterEvent(event: InfluxWriterEvent, hints: Readonly<Record<string, string>>): string {
  if (event.type === 'replay') return `p1 influx: ${event.spooled} points from an earlier run wait in the spool; sending them first`;
  if (event.type === 'recovered') return `p1 influx: ${event.code} is over; ${event.spooled} points wait in the spool`;
  if (event.type === 'notice') return `p1 influx: ${event.message}`;
  const hint = hints[event.error.code];
  const retry = event.retryInMs === undefined ? '' : `; next try in ${Math.ceil(event.retryInMs / 1000)} s`;
  return `p1 influx: ${event.error.message}${hint ? ` (${hint})` : ''}${retry}`;
}

/** The status line logged every minute and at the end. Pure. */
export function formatStatus(stats: InfluxWriterStats, lastError: InfluxError | null, rejectedTelegrams: number, prefix = 'status'): string {
  const parts = [
    `${stats.readings} readings`,
    `${stats.written} points written`,
    `${stats.spooled} spooled`,
    ...(stats.buffered > 0 ? [`${stats.buffered} in memory`] : []),
    ...(stats.dropped > 0 ? [`${stats.dropped} dropped from memory`] : []),
    ...(stats.rejected > 0 ? [`${stats.rejected} rejected by InfluxDB`] : []),
    ...(stats.failed > 0 ? [`${stats.failed} not taken`] : []),
    ...(rejectedTelegrams > 0 ? [`${rejectedTelegrams} bad telegrams`] : []),
    `last error: ${lastError === null ? 'none' : lastError.message}`,
  ];
  return `p1 influx: ${prefix}: ${parts.join(', ')}`;
}
