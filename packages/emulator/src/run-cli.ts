import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { isP1Error, PROFILES } from '@p1/core';
import { version } from '../package.json';
import type { Clock } from './clock.js';
import type { DeviceMedium, EmulatorOptions } from './emulator-options.js';
import { P1Emulator } from './p1-emulator.js';
import { openPty, type EmulatorPty } from './pty.js';
import { serveTcp, type EmulatorTcpServer } from './tcp-server.js';
import { TELEGRAM_LAYOUTS, type LayoutId } from './telegram-layouts.js';

/** Where the CLI writes, and what can stop it. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** Default: the system clock. */
  clock?: Clock;
  /** Aborting it (Ctrl-C) stops the emulator and closes every output. */
  signal?: AbortSignal;
  /** Where `P1_DECRYPTION_KEY` is read (`--profile smarty`). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Told every output's address once all listen (for tests and wrappers). */
  onReady?: (outputs: { tcp?: EmulatorTcpServer; pty?: EmulatorPty }) => void;
}

export const USAGE = `Usage: p1-emulator [options]

A smart meter in software: P1 telegrams on stdout, a TCP port and/or a pseudo-terminal.
By default a DSMR 5 household, as p1 watch shows it: a telegram every second, tariffs by the clock, solar,
appliances, registers after years of use. --steady is p1-reader's emulator mode: DSMR 4, every 10 s, fixed steps.

Outputs (stdout when none is given):
  --stdout                 write the telegrams to stdout
  --tcp [HOST:]PORT        serve them on TCP like ser2net or a P1 dongle (HOST default 127.0.0.1)
  --pty PATH               make a pseudo-terminal at PATH (needs socat)

Pace:
  --count N                stop after N telegrams
  --speed N                N times faster than real time; 0 = as fast as possible
                           (default 1; 0 with --count and --stdout alone)

Meter:
  --profile P              ${Object.keys(TELEGRAM_LAYOUTS).join(' | ')} (default dsmr5; dsmr4 with --steady)
                           smarty encrypts with the key in P1_DECRYPTION_KEY (32 hex digits)
  --seed N                 seed of every random choice (default 1)
  --start TIME             emulated time of the first telegram, ISO 8601 (default now)
  --steady                 p1-reader's emulator mode: steady numbers instead of a household
  --realistic              a household: tariffs by the clock, solar, failures, messages (the default)
  --phases 1|3             single- or three-phase meter (default 3)
  --mbus LIST              M-Bus devices, e.g. gas,water,heat (default gas; se has none)
  --interval S             seconds between telegrams (default 1 for DSMR 5 and eMUCs, else 10)
  --interval-gas S         seconds between M-Bus values (default 300 for DSMR 5 and eMUCs, else 3600)
  --electricity-offset KWH tariff 1 register in the first telegram (default 7412.583; 0 with --steady)
  --electricity-increment KWH  --steady: added to it every interval (default 0.1; 1 s standards 0.01)
  --gas-offset M3          gas in the first telegram (default 4211.387; 0 with --steady)
  --gas-increment M3       --steady: added every --interval-gas (default 0.1; 1 s standards 0.01)
  --faults SPEC            e.g. crc=0.1,truncate=0.05,garbage=0.1,noise=0.01,chunks=1-64
                           (tag=0.1: a corrupted GCM tag, for smarty)

  --help, --version

Example: p1-emulator --count 100000 --stdout > capture.txt
`;

const OPTIONS = {
  stdout: { type: 'boolean' },
  tcp: { type: 'string' },
  pty: { type: 'string' },
  count: { type: 'string' },
  speed: { type: 'string' },
  profile: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  steady: { type: 'boolean' },
  realistic: { type: 'boolean' },
  phases: { type: 'string' },
  mbus: { type: 'string' },
  interval: { type: 'string' },
  'interval-gas': { type: 'string' },
  'electricity-offset': { type: 'string' },
  'electricity-increment': { type: 'string' },
  'gas-offset': { type: 'string' },
  'gas-increment': { type: 'string' },
  faults: { type: 'string' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const;

/** Output is written in blocks this large when running flat out: one write per telegram would cost more than it. */
const BATCH = 1 << 20;

/** Runs `p1-emulator` with `argv` (without node and script); resolves with the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const say = (text: string): void => void io.stderr.write(`${text}\n`);
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv, io.env ?? process.env);
  } catch (error) {
    say(`p1-emulator: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) return void io.stdout.write(USAGE), 0;
  if (args.version) return void io.stdout.write(`${version}\n`), 0;

  let emulator: P1Emulator;
  let tcp: EmulatorTcpServer | undefined;
  let pty: EmulatorPty | undefined;
  try {
    emulator = new P1Emulator({ ...args.options, ...(io.clock && { clock: io.clock }) });
  } catch (error) {
    // A profile, fault spec or start time the emulator refuses is a wrong flag, like those parseArgs refuses.
    const wrongFlag = isP1Error(error) && error.code === 'invalid-option';
    say(`p1-emulator: ${error instanceof Error ? error.message : String(error)}${wrongFlag ? '\nSee: p1-emulator --help' : ''}`);
    return wrongFlag ? 2 : 1;
  }
  try {
    if (args.tcp) tcp = await serveTcp(args.tcp);
    if (args.pty !== undefined) pty = await openPty({ path: args.pty });
  } catch (error) {
    await tcp?.close();
    const message = error instanceof Error ? error.message : String(error);
    say(message.startsWith('p1-emulator') ? message : `p1-emulator: ${message}`);
    return 1;
  }

  const { profile, layout, interval, encryption } = emulator.meter.config;
  const what = `${layout === 'smarty' ? 'Smarty (Luxembourg)' : PROFILES[profile].name}${encryption ? ' encrypted' : ''} telegrams every ${interval} s`;
  if (tcp) say(`p1-emulator: ${what} on ${tcp.url}`);
  if (pty) say(`p1-emulator: ${what} on ${pty.path} (${pty.device})`);
  io.onReady?.({ ...(tcp && { tcp }), ...(pty && { pty }) });

  const stop = (): void => emulator.stop();
  io.signal?.addEventListener('abort', stop);
  if (io.signal?.aborted) stop();
  const gone = (): void => {
    say(`p1-emulator: socat ended, ${pty!.path} is gone`);
    stop();
  };
  pty?.on('close', gone);
  const out = args.stdout ? new StdoutWriter(io.stdout, emulator.speed === 0, stop) : null;
  for await (const chunk of emulator) {
    const full = out?.write(chunk);
    if (full) await full;
    tcp?.write(chunk);
    pty?.write(chunk);
  }
  await out?.end();
  io.signal?.removeEventListener('abort', stop);
  pty?.off('close', gone);
  await Promise.all([tcp?.close(), pty?.close()]);
  return 0;
}

function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
  const number = (name: keyof typeof values): number | undefined => {
    const text = values[name] as string | undefined;
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} needs a number, got "${text}"`);
    return n;
  };
  const count = number('count');
  const outputs = { tcp: values.tcp !== undefined, pty: values.pty !== undefined };
  const stdout = values.stdout === true || (!outputs.tcp && !outputs.pty);
  const speed = number('speed') ?? (count !== undefined && stdout && !outputs.tcp && !outputs.pty ? 0 : 1);
  const options: EmulatorOptions & { speed: number; count?: number } = { speed };
  const set = <K extends keyof EmulatorOptions>(key: K, value: EmulatorOptions[K] | undefined): void => {
    if (value !== undefined) (options as EmulatorOptions)[key] = value;
  };
  if (count !== undefined) options.count = count;
  // The household is the default, as in p1 watch; --steady is p1-reader's emulator mode, DSMR 4 unless named.
  const steady = values.steady === true;
  if (steady && values.realistic === true) throw new Error('give either --steady or --realistic, not both');
  for (const name of ['electricity-increment', 'gas-increment'] as const) {
    if (values[name] !== undefined && !steady) throw new Error(`--${name} sets a step of the steady numbers: add --steady`);
  }
  options.profile = (values.profile ?? (steady ? 'dsmr4' : 'dsmr5')) as LayoutId;
  options.realistic = !steady;
  if (options.profile === 'smarty') {
    // A key is a secret: from the environment, never from the command line (where `ps` shows it).
    const key = env.P1_DECRYPTION_KEY ?? '';
    if (key === '') throw new Error('--profile smarty encrypts its telegrams: set P1_DECRYPTION_KEY to a key of 32 hex digits');
    options.encryption = { key };
  }
  set('seed', number('seed'));
  set('start', values.start);
  set('phases', number('phases') as 1 | 3 | undefined);
  set('mbus', values.mbus?.split(',').map((m) => m.trim() as DeviceMedium));
  set('interval', number('interval'));
  set('intervalGas', number('interval-gas'));
  set('electricityOffset', number('electricity-offset'));
  set('electricityIncrement', number('electricity-increment'));
  set('gasOffset', number('gas-offset'));
  set('gasIncrement', number('gas-increment'));
  set('faults', values.faults);
  return {
    help: values.help === true,
    version: values.version === true,
    stdout,
    tcp: values.tcp === undefined ? undefined : parseHostPort(values.tcp),
    pty: values.pty,
    options,
  };
}

/** `PORT`, `HOST:PORT` or `[IPv6]:PORT`; the host defaults to 127.0.0.1. */
function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]:|([^:]*):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`--tcp needs [HOST:]PORT, got "${text}"`);
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

/**
 * stdout with backpressure: waits when the pipe is full; in flat-out mode gathers output into large blocks. A
 * closed pipe (`p1-emulator | head`) is not an error: it stops the emulator quietly. `write` returns a promise only
 * when there is something to wait for: at 100 000 telegrams a second a promise per chunk shows.
 */
class StdoutWriter {
  private readonly block: Buffer | null;
  private used = 0;
  private closed = false;

  constructor(
    private readonly stream: Writable,
    batch: boolean,
    private readonly onClosed: () => void,
  ) {
    this.block = batch ? Buffer.allocUnsafe(BATCH) : null;
    stream.on('error', () => {
      this.closed = true;
      this.onClosed();
    });
  }

  write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.closed) return undefined;
    if (this.block === null || chunk.length > BATCH) return this.flush(chunk);
    if (this.used + chunk.length > BATCH) {
      const full = this.drainBlock();
      this.block.set(chunk, this.used);
      this.used += chunk.length;
      return full;
    }
    this.block.set(chunk, this.used);
    this.used += chunk.length;
    return undefined;
  }

  async end(): Promise<void> {
    await this.drainBlock();
  }

  private drainBlock(): Promise<void> | undefined {
    if (this.block === null || this.used === 0) return undefined;
    const full = Buffer.from(this.block.subarray(0, this.used)); // a copy: the block is filled again at once
    this.used = 0;
    return this.flush(full);
  }

  private flush(bytes: Uint8Array): Promise<void> | undefined {
    if (this.closed || this.stream.write(bytes)) return undefined;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }
}
