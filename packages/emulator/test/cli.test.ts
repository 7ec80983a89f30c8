import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { EncryptedTelegramDecoder } from '@p1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, USAGE, type CliIo } from '../src/run-cli.js';
import { ManualClock } from '../src/manual-clock.js';
import type { EmulatorPty } from '../src/pty.js';
import type { EmulatorTcpServer } from '../src/tcp-server.js';
import { tempDir, waitFor } from '@p1/test-kit';
import { collectUntil, countTelegrams, decodeChunks } from './helpers.js';

const START = Date.UTC(2025, 4, 5, 12, 0, 0);
const cleanup: (() => unknown)[] = [];
const dir = tempDir('emulator-cli');
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

class Capture extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get text(): string {
    return this.bytes.toString('latin1');
  }
}

async function run(argv: string[], extra: Partial<CliIo> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr, clock: new ManualClock(START), ...extra });
  return { code, stdout, stderr };
}

describe('p1-emulator (in-process)', () => {
  it('by default a DSMR 5 household, as p1 watch shows it: every second, registers after years of use', async () => {
    const { code, stdout, stderr } = await run(['--count', '3', '--start', '2025-01-15T08:00:00Z']);
    expect(code).toBe(0);
    expect(stderr.text).toBe('');
    const { telegrams, errors } = decodeChunks([stdout.bytes]);
    expect(errors).toEqual([]);
    expect(telegrams.map((t) => t.profile)).toEqual(['dsmr5', 'dsmr5', 'dsmr5']);
    expect(telegrams.map((t) => t.reading.timestamp)).toEqual(['2025-01-15T08:00:00.000Z', '2025-01-15T08:00:01.000Z', '2025-01-15T08:00:02.000Z']);
    const { received, delivered } = telegrams[0]!.reading.electricity;
    // A household's meter, not a new one: thousands of kWh on every register, thousands of m3 of gas.
    for (const register of [received.tariff1, received.tariff2, delivered.tariff1, delivered.tariff2]) expect(register.reading).toBeGreaterThan(1000);
    expect(telegrams[0]!.reading.gas.reading).toBeGreaterThan(1000);
    // Household power, not the 36 kW of the steady numbers.
    expect(received.actual.reading! + delivered.actual.reading!).toBeLessThan(12);
  });

  it('--steady --count 3 --stdout: three telegrams of p1-reader\'s emulator mode, as fast as possible, nothing else', async () => {
    const { code, stdout, stderr } = await run(['--steady', '--count', '3', '--stdout', '--start', '2025-01-01T00:00:00Z']);
    expect(code).toBe(0);
    expect(stderr.text).toBe('');
    const { telegrams, errors } = decodeChunks([stdout.bytes]);
    expect(errors).toEqual([]);
    expect(telegrams.map((t) => t.reading.electricity.received.tariff1.reading)).toEqual([0, 0.1, 0.2]);
    expect(telegrams.map((t) => t.reading.timestamp)).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:10.000Z', '2025-01-01T00:00:20.000Z']);
  });

  it('--profile smarty: encrypted frames with the key in P1_DECRYPTION_KEY, never from a flag', async () => {
    // A fixed key and start: with random bytes, a struck frame now and then holds a lookalike frame head (one error more).
    const key = '0F0E0D0C0B0A09080706050403020100';
    const { code, stdout } = await run(['--count', '3', '--profile', 'smarty', '--faults', 'tag=1', '--start', '2025-01-01T00:00:00Z'], { env: { P1_DECRYPTION_KEY: key } });
    expect(code).toBe(0);
    const decoder = new EncryptedTelegramDecoder({ decryptionKey: key });
    expect([...decoder.push(stdout.bytes), ...decoder.end()].map((r) => (r.type === 'error' ? r.error.code : r.type))).toEqual(Array(3).fill('decryption-failed'));
    const good = await run(['--count', '2', '--profile', 'smarty'], { env: { P1_DECRYPTION_KEY: key } });
    const results = new EncryptedTelegramDecoder({ decryptionKey: key }).push(good.stdout.bytes);
    expect(results.map((r) => r.type === 'telegram' && r.telegram.decryption?.frameCounter)).toEqual([1, 2]);
    const missing = await run(['--count', '1', '--profile', 'smarty'], { env: {} });
    expect(missing.code).toBe(2);
    expect(missing.stderr.text).toContain('set P1_DECRYPTION_KEY');
  });

  it('passes the meter options on: profile, seed numbers, realistic, M-Bus', async () => {
    const { code, stdout } = await run([
      '--steady', '--count', '2', '--profile', 'emucs', '--electricity-offset', '100', '--electricity-increment', '0.5',
      '--gas-offset', '50', '--interval', '5', '--mbus', 'gas,water', '--phases', '1', '--seed', '3',
    ]);
    expect(code).toBe(0);
    const [first, second] = decodeChunks([stdout.bytes]).telegrams;
    expect(first!.profile).toBe('emucs');
    expect(second!.reading.electricity.received.tariff1.reading).toBe(100.5);
    expect(first!.reading.gas.reading).toBe(50);
    expect(first!.reading.mbus.map((d) => d.medium)).toEqual(['gas', 'water']);
    expect(first!.reading.electricity.instantaneous.voltage.L2.reading).toBeNull();
    expect(Date.parse(second!.reading.timestamp!) - Date.parse(first!.reading.timestamp!)).toBe(5_000);
  });

  it('--faults: the faults strike the bytes written', async () => {
    const { stdout } = await run(['--count', '20', '--faults', 'crc=1,chunks=1-7']);
    const { telegrams, errors } = decodeChunks([stdout.bytes]);
    expect(telegrams).toHaveLength(0);
    expect(errors.map((e) => e.code)).toEqual(Array(20).fill('crc-mismatch'));
  });

  it('--help and --version', async () => {
    expect((await run(['--help'])).stdout.text).toBe(USAGE);
    expect((await run(['--version'])).stdout.text).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('says what is wrong with its arguments, without a stack trace', async () => {
    for (const [argv, code, words] of [
      [['--bogus'], 2, "Unknown option '--bogus'"],
      [['--count', 'many'], 2, '--count needs a number, got "many"'],
      [['--tcp', 'here:port'], 2, '--tcp needs [HOST:]PORT'],
      [['--profile', 'dsmr9', '--count', '1'], 2, 'p1-emulator: unknown profile "dsmr9"'],
      [['--faults', 'crc=2', '--count', '1'], 2, 'crc must be between 0 and 1'],
      [['--start', '+099999-01-01T00:00:00Z', '--count', '1'], 2, 'start is not a time in 2000-2098'],
      [['--electricity-increment', '0.5', '--count', '1'], 2, '--electricity-increment sets a step of the steady numbers: add --steady'],
      [['--steady', '--realistic'], 2, 'give either --steady or --realistic'],
      [['--pty', '/nonexistent-dir/tty', '--count', '1'], 1, 'p1-emulator: socat exited'],
    ] as const) {
      const { code: exit, stderr, stdout } = await run([...argv]);
      expect(exit).toBe(code);
      expect(stderr.text).toContain(words);
      expect(stderr.text).not.toMatch(/\n\s+at /);
      expect(stdout.text).toBe('');
    }
  });

  it('--tcp: serves the telegrams to a client at the emulator pace, then closes after --count', async () => {
    // The first telegram goes out as the server starts, before any client: a client gets the next three.
    const clock = new ManualClock(START);
    let server: EmulatorTcpServer | undefined;
    let ready: () => void;
    const listening = new Promise<void>((resolve) => (ready = resolve));
    const done = run(['--steady', '--tcp', '127.0.0.1:0', '--count', '4'], {
      clock,
      onReady: ({ tcp }) => {
        server = tcp;
        ready();
      },
    });
    cleanup.push(() => done);
    await listening;
    const port = server!.port;
    const accepted = new Promise((resolve) => server!.once('connection', resolve));
    const socket = connect(port, '127.0.0.1');
    cleanup.push(() => socket.destroy());
    const received = collectUntil(socket, (b) => countTelegrams(b) === 3);
    await accepted;
    await clock.advance(30_000);
    expect(decodeChunks([await received]).telegrams.map((t) => t.reading.timestamp)).toEqual(
      [10, 20, 30].map((s) => new Date(START + s * 1000).toISOString()),
    );
    const finished = await done;
    expect(finished.code).toBe(0);
    expect(finished.stderr.text).toContain(`DSMR 4.0.x-4.2.x telegrams every 10 s on tcp://127.0.0.1:${port}`);
    await expect(new Promise((resolve, reject) => connect(port, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('--pty: a device serial code can open, removed again at the end', async () => {
    const path = join(dir, 'ttyP1-a');
    const controller = new AbortController();
    let seen = '';
    const done = run(['--pty', path], {
      signal: controller.signal,
      onReady: ({ pty }) => (seen = pty!.device),
    });
    cleanup.push(() => done, () => controller.abort());
    await waitFor(() => seen !== '', 'the emulator to open its pty');
    expect(existsSync(path)).toBe(true);
    controller.abort();
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr.text).toBe(`p1-emulator: DSMR 5.x telegrams every 1 s on ${path} (${seen})\n`);
    expect(existsSync(path)).toBe(false);
  });

  it('--pty: stops when socat goes away, and says so', async () => {
    let device: EmulatorPty | undefined;
    const done = run(['--pty', join(dir, 'ttyP1-b')], { onReady: ({ pty }) => (device = pty) });
    await waitFor(() => device !== undefined, 'the emulator to open its pty');
    (device as unknown as { socat: { kill(signal: string): void } }).socat.kill('SIGKILL');
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr.text).toContain('socat ended');
  });
});

describe('p1-emulator (the built bin)', () => {
  const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
  const built = (): void => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run pnpm --filter @p1/emulator build first`);
  };

  it('node dist/cli.js --count 3 --stdout', () => {
    built();
    const result = spawnSync(process.execPath, [cli, '--count', '3', '--stdout'], { encoding: 'latin1' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(decodeChunks([Buffer.from(result.stdout, 'latin1')]).telegrams).toHaveLength(3);
  });

  it('ends quietly when the reader of its output goes away (| head)', async () => {
    built();
    const child = spawn(process.execPath, [cli, '--stdout', '--speed', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.push(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  /** The port a started bin says it serves on. */
  const servedPort = (child: ReturnType<typeof spawn>): Promise<number> => {
    let stderr = '';
    return new Promise<number>((resolve) =>
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (match) resolve(Number(match[1]));
      }),
    );
  };

  it('started with an IPC channel (p1 emulate), stops when that channel closes: its parent died', async () => {
    built();
    const child = spawn(process.execPath, [cli, '--tcp', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    cleanup.push(() => child.kill('SIGKILL'));
    const port = await servedPort(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect(); // what the kernel does to the channel when the parent is killed
    expect(await exited).toBe(0);
    await expect(new Promise((resolve, reject) => connect(port, '127.0.0.1').once('connect', resolve).once('error', reject))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('on SIGINT closes its TCP port and exits 0', async () => {
    built();
    const child = spawn(process.execPath, [cli, '--tcp', '127.0.0.1:0', '--profile', 'dsmr5'], { stdio: ['ignore', 'ignore', 'pipe'] });
    cleanup.push(() => child.kill('SIGKILL'));
    const socket = connect(await servedPort(child), '127.0.0.1');
    socket.on('error', () => {});
    cleanup.push(() => socket.destroy());
    const first = await collectUntil(socket, (b) => countTelegrams(b) >= 1); // within a second: DSMR 5's pace
    expect(decodeChunks([first]).telegrams[0]!.profile).toBe('dsmr5');
    socket.resume(); // keep reading, so the client answers the server's goodbye at once
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
