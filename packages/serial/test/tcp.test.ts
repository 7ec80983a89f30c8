import { createServer, type Server, type Socket } from 'node:net';
import type { Reading } from '@p1/core';
import { serveTcp, type EmulatorTcpServer, type P1Emulator } from '@p1/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, readings } from './harness.js';
import { collapse, recordEvents } from './record-events.js';
import { waitFor } from '@p1/test-kit';

// The emulator's TCP server stands in for ser2net and P1 dongles: every client gets the meter's bytes.

const harness = new Harness();

afterEach(() => harness.cleanup());

const meter = (): { emulator: P1Emulator; sent: Reading[] } => {
  const { meter: emulator, sent } = harness.emulator({ profile: 'dsmr5', speed: 50 });
  return { emulator, sent };
};
const server = async (emulator: P1Emulator, port = 0): Promise<EmulatorTcpServer> =>
  harness.defer(await serveTcp({ source: emulator, port }), (made) => made.close());

describe('P1Reader on tcp://', () => {
  it("reads a dongle's telegrams: the readings equal what the emulator sent, in order", async () => {
    const { emulator, sent } = meter();
    const dongle = await server(emulator);
    const p1 = harness.reader({ port: dongle.url });
    const received = readings(p1);
    await waitFor(() => dongle.clients === 1 && p1.state === 'connected', 'the connection');
    emulator.start();
    // The meter keeps sending: on a busy machine more than 10 may arrive between two looks.
    await waitFor(() => received.length >= 10, '10 readings');
    expect(received.slice(0, 10)).toEqual(sent.slice(0, 10));
    expect(p1.getSerialPort()).toBe(dongle.url);
  });

  it('the dongle goes away and comes back on the same port: reconnect and resume, events in order', async () => {
    const { emulator, sent } = meter();
    let dongle = await server(emulator);
    const port = dongle.port;
    const p1 = harness.reader({ port: dongle.url, reconnect: { initialDelay: 20, maxDelay: 100 } });
    const events = recordEvents(p1);
    const received = readings(p1);
    await waitFor(() => dongle.clients === 1, 'the connection');
    emulator.start();
    await waitFor(() => received.length >= 3, '3 readings');

    await dongle.close(); // mid-stream
    await waitFor(() => p1.stats.reconnectAttempts >= 2, 'the reader to retry');
    emulator.stop();
    const before = received.length;
    const resumeAt = sent.length;
    expect(received).toEqual(sent.slice(0, before));

    dongle = await server(emulator, port);
    await waitFor(() => dongle.clients === 1 && p1.state === 'connected', 'the connection again');
    emulator.start();
    await waitFor(() => received.length >= before + 3, '3 readings after the return');
    expect(received.slice(before)).toEqual(sent.slice(resumeAt, resumeAt + received.length - before));
    expect(collapse(events)).toEqual(['connected', 'error:disconnected', 'close', 'reconnecting', 'error:connection-refused', 'reconnecting', 'connected']);
  });

  it('a dongle that accepts but sends nothing: the silence timeout drops the connection and makes a new one', async () => {
    const sockets = new Set<Socket>();
    const mute: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    harness.defer(mute, (server) => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const address = mute.address() as { port: number };
    const p1 = harness.reader({ port: `tcp://127.0.0.1:${address.port}`, silenceTimeout: 200, reconnect: { initialDelay: 10 } });
    const events = recordEvents(p1);
    await waitFor(() => p1.stats.connects >= 2, 'a second connection');
    expect(events.slice(0, 5)).toEqual(['connected', 'error:silence', 'close', 'reconnecting', 'connected']);
  });

  it('nothing listening: connection-refused once, then quiet retries until close()', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const p1 = harness.reader({ port: `tcp://127.0.0.1:${port}`, reconnect: { initialDelay: 5, maxDelay: 10 } });
    const events = recordEvents(p1);
    await waitFor(() => p1.stats.reconnectAttempts >= 5, '5 attempts');
    await p1.close();
    expect(collapse(events)).toEqual(['error:connection-refused', 'reconnecting']);
    expect(p1.state).toBe('closed');
  });
});
