import { describe, expect, it } from 'vitest';
import { formatStatus, formatWriterEvent, influxHints } from './influx-status.js';

describe('influx status lines', () => {
  const stats = { readings: 60, taken: 360, written: 354, spooled: 6, buffered: 0, dropped: 0, failed: 0, rejected: 0, retries: 0 };

  it('says readings, points written, spooled and the last error in one line', () => {
    expect(formatStatus(stats, null, 0)).toBe('p1 influx: status: 60 readings, 354 points written, 6 spooled, last error: none');
    expect(formatStatus({ ...stats, rejected: 2 }, null, 1, 'stopped')).toBe(
      'p1 influx: stopped: 60 readings, 354 points written, 6 spooled, 2 rejected by InfluxDB, 1 bad telegrams, last error: none',
    );
  });

  it('says what waits in memory and what was dropped from it while the spool could not take points', () => {
    expect(formatStatus({ ...stats, buffered: 120, dropped: 7 }, null, 0)).toBe(
      'p1 influx: status: 60 readings, 354 points written, 6 spooled, 120 in memory, 7 dropped from memory, last error: none',
    );
  });

  it('adds what to do to each fault, naming the database that was given', () => {
    const error = Object.assign(new Error('InfluxDB 1.x at http://nas:8086, database "energy": 404 "database not found: energy"'), { code: 'database-not-found' });
    const hints = influxHints({ version: 1, url: 'http://nas:8086', database: 'energy' });
    expect(formatWriterEvent({ type: 'error', error: error as never, spooled: 6, retryInMs: 60_000 }, hints)).toBe(
      'p1 influx: InfluxDB 1.x at http://nas:8086, database "energy": 404 "database not found: energy" (create it: influx -execute \'CREATE DATABASE "energy"\'); next try in 60 s',
    );
    expect(influxHints({ version: 2, url: 'http://nas:8086', org: 'home', bucket: 'meter' })['database-not-found']).toContain('bucket "meter" in the org "home"');
  });

  it('logs the notices of the writer as they are', () => {
    expect(formatWriterEvent({ type: 'notice', message: 'took over the lock of spool /s: process 7 is no longer running', spooled: 0 }, {})).toBe(
      'p1 influx: took over the lock of spool /s: process 7 is no longer running',
    );
  });
});
