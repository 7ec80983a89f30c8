import type { CliError } from './cli-error.js';
import type { MeterTelegram } from './meter-source.js';

/** Where a service command sends each telegram: InfluxDB, an MQTT broker. */
export interface Sink {
  /** Its first log line, once the source is known (`p1 influx: /dev/p1 -> http://...`). */
  banner(source: string): string;
  write(telegram: MeterTelegram): Promise<void>;
  /** Its status line, every `--status-every` seconds and, with `'stopped'`, at the end. */
  status(badTelegrams: number, prefix?: string): string;
  /** Stops it, sending what it holds within its time limit; resolves with lines for the log after its last status. */
  close(): Promise<string[]>;
}

/** What a sink may do to the run: log a line, or stop it for good (bad credentials: exit 2). */
export interface SinkContext {
  log(line: string): void;
  stop(error: CliError): void;
}
