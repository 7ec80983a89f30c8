import { CliError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { addRejected, addTelegram, createLiveState, setStatus, type LiveState } from './live-state.js';
import { LiveView } from './live-view.js';
import type { MeterTelegram } from './meter-source.js';
import { openSource } from './open-source.js';
import { OutputWriter } from './output-writer.js';
import { parseNumber } from './parse-number.js';
import { renderFrame } from './render-frame.js';
import { describeSource, resolveSource, SOURCE_OPTIONS, sourceLayers, sourceSettings } from './source-settings.js';

/** Where the readings go: the live view on a terminal, JSON lines anywhere else. */
interface Display {
  telegram(telegram: MeterTelegram): Promise<void>;
  rejected(message: string): void;
  status(message: string): void;
  end(): void;
}

function jsonLines(io: CliIo, stop: () => void): Display {
  const out = new OutputWriter(io.stdout, 0, stop);
  return {
    telegram: (telegram) => out.write(`${JSON.stringify(telegram.reading)}\n`),
    rejected: (message) => void io.stderr.write(`p1 watch: ${message}\n`),
    status: (message) => void io.stderr.write(`p1 watch: ${message}\n`),
    end: () => {},
  };
}

function liveView(io: CliIo, source: string): Display {
  const view = new LiveView(io.stdout);
  let state: LiveState = createLiveState(source);
  view.start();
  view.update(state);
  const show = (next: LiveState): void => view.update((state = next));
  return {
    telegram: async (telegram) => show(addTelegram(state, telegram, Date.now())),
    rejected: (message) => show(addRejected(state, message)),
    status: (message) => show(setStatus(state, message)),
    end: () => {
      view.stop();
      // The last frame stays on the normal screen, so the values are still there after Ctrl-C.
      if (state.readings > 0) io.stdout.write(`${renderFrame(state, io.stdout.columns ?? 80, io.stdout.rows ?? 24, { color: true })}\n`);
    },
  };
}

async function watch(args: ParsedArgs, io: CliIo): Promise<number> {
  const spec = resolveSource(sourceSettings(await sourceLayers(args.values, io.env)), true)!;
  const count = args.values.count === undefined ? Infinity : parseNumber('--count', args.values.count, { min: 1, integer: true });
  const stopper = new AbortController();
  const stop = (): void => stopper.abort();
  const display = io.stdout.isTTY === true && args.values.json !== true ? liveView(io, describeSource(spec)) : jsonLines(io, stop);
  let received = 0;
  try {
    const source = await openSource(spec, {
      onTelegramError: (error) => display.rejected(error.message),
      onStatus: (message) => display.status(message),
    });
    const close = (): void => void source.close();
    io.signal.addEventListener('abort', close);
    stopper.signal.addEventListener('abort', close);
    if (io.signal.aborted) close();
    try {
      for await (const telegram of source.telegrams) {
        if (stopper.signal.aborted) break;
        await display.telegram(telegram);
        if (++received >= count) break;
      }
    } finally {
      io.signal.removeEventListener('abort', close);
      await source.close();
    }
  } finally {
    display.end();
  }
  if (received === 0 && !io.signal.aborted && !stopper.signal.aborted) {
    throw new CliError(`p1 watch: the source ended before any telegram arrived (${describeSource(spec)})`);
  }
  return 0;
}

export const WATCH_COMMAND: Command = {
  summary: 'Live readings from a meter, a network dongle or the built-in emulator.',
  usage: 'p1 watch [--port PATH | --port tcp://HOST:PORT | --emulator [PROFILE]] [options]',
  description:
    'On a terminal: a live view of power now (import, export, per phase), a sparkline of the last minutes, energy\n' +
    'since start, tariff, gas and voltage, redrawn in place. Anywhere else (a pipe, a file): one JSON line per\n' +
    'reading, in the structure of p1-reader. Without --port it runs on the emulator, which sends its first\n' +
    'telegram at once. A meter that encrypts (Luxembourg Smarty) is read with the key in P1_DECRYPTION_KEY or\n' +
    '"source.decryptionKey" of the config file that P1_CONFIG names (never a flag: it is a secret).',
  options: {
    ...SOURCE_OPTIONS,
    count: { type: 'string', short: 'n', value: 'N', help: 'stop after N readings' },
    json: { type: 'boolean', help: 'JSON lines on a terminal too' },
  },
  positionals: false,
  examples: [
    'p1 watch                                   # the emulator, a DSMR 5 household',
    'p1 watch --emulator dsmr5 --speed 60       # one emulated minute a second',
    'p1 watch --port /dev/ttyUSB0               # a meter on a USB P1 cable',
    'p1 watch --port tcp://192.168.1.50:23      # a network P1 dongle',
    "p1 watch --count 1 | jq '.electricity.received.actual'",
  ],
  run: watch,
};
