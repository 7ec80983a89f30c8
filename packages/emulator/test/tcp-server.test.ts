import { connect, createServer, type Socket } from 'node:net';
import { isAnyP1Error } from '@p1/core';
import { afterEach, describe, expect, it } from 'vitest';
import { isEmulatorError } from '../src/emulator-error.js';
import { expectedReading } from '../src/expected-reading.js';
import { ManualClock } from '../src/manual-clock.js';
import { P1Emulator } from '../src/p1-emulator.js';
import { serveTcp, type EmulatorTcpServer } from '../src/tcp-server.js';
import { collectUntil, countTelegrams, decodeChunks } from './helpers.js';

const START = Date.UTC(2025, 4, 5, 12, 0, 0);
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function meterOnTcp(options: ConstructorParameters<typeof P1Emulator>[0] = {}, maxBuffered?: number) {
  const clock = new ManualClock(START);
  const emulator = new P1Emulator({ clock, ...options });
  const server = await serveTcp({ source: emulator, ...(maxBuffered !== undefined && { maxBuffered }) });
  cleanup.push(() => server.close(), () => emulator.stop());
  return { clock, emulator, server };
}

async function client(server: EmulatorTcpServer): Promise<Socket> {
  const accepted = new Promise((resolve) => server.once('connection', resolve));
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => {});
  cleanup.push(() => socket.destroy());
  await Promise.all([accepted, new Promise((resolve) => socket.once('connect', resolve))]);
  return socket;
}

describe('serveTcp', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    const { server } = await meterOnTcp();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`tcp://127.0.0.1:${server.port}`);
  });

  it('sends the same telegrams to several clients at once, readable with @p1/core', async () => {
    const { clock, emulator, server } = await meterOnTcp({ profile: 'dsmr5', realistic: true });
    const sockets = [await client(server), await client(server), await client(server)];
    expect(server.clients).toBe(3);
    const states: Parameters<typeof expectedReading>[0][] = [];
    emulator.on('telegram', (t) => states.push(t.state));
    const received = sockets.map((s) => collectUntil(s, (b) => countTelegrams(b) === 5));
    emulator.start();
    await clock.advance(4_000);
    const all = await Promise.all(received);
    for (const bytes of all) {
      expect(bytes.equals(all[0]!)).toBe(true);
      expect(decodeChunks([bytes]).telegrams.map((t) => t.reading)).toEqual(states.map((s) => expectedReading(s)));
    }
  });

  it('a client that vanishes mid-stream (reset) is dropped; the others and the process carry on', async () => {
    const { clock, emulator, server } = await meterOnTcp({ profile: 'dsmr5' });
    const [gone, staying] = [await client(server), await client(server)];
    const left = new Promise((resolve) => server.once('disconnect', resolve));
    emulator.start();
    await clock.advance(1_000);
    gone.resetAndDestroy(); // RST: the server's next writes meet ECONNRESET / EPIPE
    await left;
    expect(server.clients).toBe(1);
    const received = collectUntil(staying, (b) => countTelegrams(b) >= 8);
    await clock.advance(10_000);
    expect(decodeChunks([await received]).telegrams.length).toBeGreaterThanOrEqual(7);
  });

  it('a client that does not read misses data instead of growing the server without end', async () => {
    const { clock, emulator, server } = await meterOnTcp({ profile: 'emucs' }, 64 * 1024);
    const serverSide: Socket[] = [];
    server.on('connection', (socket) => serverSide.push(socket));
    const slow = await client(server);
    const fast = await client(server);
    slow.pause();
    let fastBytes = 0;
    fast.on('data', (chunk: Buffer) => (fastBytes += chunk.length));
    let sent = 0;
    let largest = 0;
    emulator.on('data', (chunk) => {
      sent += chunk.length;
      largest = Math.max(largest, serverSide[0]!.writableLength);
    });
    emulator.start();
    // Six hours of 1 s telegrams, about 30 MB: three times what the kernel's socket buffers can take in (<= 10 MB).
    await clock.advance(6 * 3_600_000);
    expect(sent).toBeGreaterThan(28_000_000);
    expect(largest).toBeLessThanOrEqual(64 * 1024 + 2_000);
    expect(serverSide[0]!.bytesWritten).toBeLessThan(sent / 2);
    // The fast client got everything (what is still in flight aside).
    await new Promise<void>((resolve) => {
      const check = (): void => void (fastBytes >= sent ? resolve() : fast.once('data', check));
      check();
    });
    expect(fastBytes).toBe(sent);
  });

  it('close() disconnects the clients and frees the port', async () => {
    const { server } = await meterOnTcp();
    const socket = await client(server);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const port = server.port;
    await server.close();
    await closed;
    const again = createServer();
    await new Promise<void>((resolve) => again.listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => again.close(resolve));
  });

  it('says why when it cannot listen', async () => {
    const { server } = await meterOnTcp();
    const error = await serveTcp({ port: server.port }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`cannot listen on 127.0.0.1:${server.port}`);
    // A p1 error: the emulator's code, the socket's error underneath.
    expect(isEmulatorError(error) && isAnyP1Error(error) && error.code).toBe('listen-failed');
    expect(((error as Error).cause as { code?: string }).code).toBe('EADDRINUSE');
  });
});
