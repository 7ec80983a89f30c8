import type { CliError } from './cli-error.js';
import type { CliIo } from './command.js';
import { openSource } from './open-source.js';
import type { Sink, SinkContext } from './sink.js';
import { describeSource, type SourceSpec } from './source-settings.js';

export interface RunOptions {
  /** The log prefix of the source's own lines (`p1 influx`, `p1 run`). */
  name: string;
  /** Stop after this many telegrams. */
  count: number;
  statusEveryMs: number;
}

/** A context for opening sinks: where they log, and how they stop the run. */
export function sinkContext(io: CliIo): SinkContext & { failure(): CliError | null; onStop(stop: () => void): void } {
  let failure: CliError | null = null;
  let stopper: (() => void) | null = null;
  return {
    log: (line) => void io.stderr.write(`${line}\n`),
    stop(error) {
      failure ??= error;
      stopper?.();
    },
    failure: () => failure,
    onStop(stop) {
      stopper = stop;
    },
  };
}

/**
 * Reads one meter into every sink until the source ends, `count` is reached, or SIGINT/SIGTERM: the loop `p1 influx`,
 * `p1 mqtt` and `p1 run` share (one serial port can be opened once, so one source feeds them all). Status lines
 * every `statusEveryMs`; every sink is closed at the end, whatever stopped the run.
 */
export async function runSinks(spec: SourceSpec, sinks: readonly Sink[], context: ReturnType<typeof sinkContext>, io: CliIo, options: RunOptions): Promise<number> {
  const { log } = context;
  for (const sink of sinks) log(sink.banner(describeSource(spec)));
  let bad = 0;
  const status = setInterval(() => sinks.forEach((sink) => log(sink.status(bad))), options.statusEveryMs);
  status.unref();
  let failure: unknown = null;
  try {
    const source = await openSource(spec, {
      onTelegramError: () => void bad++,
      onStatus: (message) => log(`${options.name}: ${message}`),
    });
    const close = (): void => void source.close();
    io.signal.addEventListener('abort', close);
    context.onStop(close);
    if (io.signal.aborted) close();
    let taken = 0;
    try {
      for await (const telegram of source.telegrams) {
        for (const sink of sinks) await sink.write(telegram);
        if (++taken >= options.count || context.failure() !== null) break;
      }
    } finally {
      io.signal.removeEventListener('abort', close);
      await source.close();
    }
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(status);
  }
  for (const sink of sinks) {
    const after = await sink.close();
    log(sink.status(bad, 'stopped'));
    after.forEach(log);
  }
  const stopped = context.failure();
  if (stopped !== null) throw stopped;
  if (failure !== null) throw failure;
  return 0;
}
