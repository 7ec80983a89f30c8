import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { EmulatorError } from './emulator-error.js';
import type { P1Emulator } from './p1-emulator.js';

/** Options of `serveTcp`. */
export interface TcpServerOptions {
  /** Address to listen on. Default `127.0.0.1`: reachable from this machine only. */
  host?: string;
  /** Default 0: any free port (read it from `server.port`). */
  port?: number;
  /** Sends every `data` chunk of this emulator to every client. Without it, call `write()`. */
  source?: P1Emulator;
  /** Bytes waiting for a slow client before it misses data, like a serial line it cannot keep up with. Default 1 MiB. */
  maxBuffered?: number;
}

/** The events of an `EmulatorTcpServer`. */
export interface TcpServerEvents {
  connection: [socket: Socket];
  disconnect: [socket: Socket];
}

/**
 * A meter on the network, like ser2net or a P1 dongle: every client gets the same bytes from the moment it
 * connects (often starting mid-telegram, as real ones do). What clients send is ignored; a client that vanishes
 * mid-write (EPIPE, ECONNRESET) is dropped without disturbing the others.
 */
export class EmulatorTcpServer extends EventEmitter<TcpServerEvents> {
  private readonly sockets = new Set<Socket>();
  private readonly onData = (chunk: Uint8Array): void => this.write(chunk);

  constructor(
    private readonly server: Server,
    private readonly source: P1Emulator | undefined,
    private readonly maxBuffered: number,
  ) {
    super();
    server.on('connection', (socket) => this.accept(socket));
    source?.on('data', this.onData);
  }

  /** The address listened on. */
  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `tcp://host:port`. */
  get url(): string {
    return `tcp://${this.host}:${this.port}`;
  }

  /** Clients connected now. */
  get clients(): number {
    return this.sockets.size;
  }

  /** Sends bytes to every client that keeps up. */
  write(chunk: Uint8Array): void {
    for (const socket of this.sockets) {
      if (!socket.writable || socket.writableLength > this.maxBuffered) continue;
      socket.write(chunk);
    }
  }

  /**
   * Stops listening and disconnects every client once what was sent has gone out; a client that takes more than
   * `graceMs` (default 1000) to take it is cut off.
   */
  close(graceMs = 1000): Promise<void> {
    this.source?.off('data', this.onData);
    for (const socket of this.sockets) {
      socket.end();
      setTimeout(() => socket.destroy(), graceMs).unref();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy()); // the 'close' below cleans up
    socket.on('close', () => {
      if (this.sockets.delete(socket)) this.emit('disconnect', socket);
    });
    socket.resume(); // a P1 port has no input: drain whatever a client sends
    this.sockets.add(socket);
    this.emit('connection', socket);
  }
}

/** Starts a TCP server for an emulated meter; resolves once it listens. Rejects when it cannot (port in use). */
export function serveTcp(options: TcpServerOptions = {}): Promise<EmulatorTcpServer> {
  const { host = '127.0.0.1', port = 0, source, maxBuffered = 1 << 20 } = options;
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new EmulatorError('listen-failed', `p1-emulator: cannot listen on ${host}:${port}: ${error.message}`, { cause: error })));
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', () => {}); // after listening, errors concern single connections, handled per socket
      resolve(new EmulatorTcpServer(server, source, maxBuffered));
    });
  });
}
