import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { ByteSource, ByteSourceEvents } from './byte-source.js';
import { classifyError } from './classify-error.js';
import { P1SerialError } from './p1-serial-error.js';

/** Options of a `TcpSource`. */
export interface TcpSourceOptions {
  host: string;
  port: number;
  /** Give up a connection attempt after this many ms. Default 10000. */
  connectTimeout?: number;
  /**
   * TCP keep-alive: probe an idle connection after this many ms, so a gateway that vanished without closing the
   * connection (power cut, Wi-Fi gone) is noticed by the operating system. 0 turns it off. Default 15000.
   */
  keepAlive?: number;
}

interface Connection {
  socket: Socket;
  reason: P1SerialError | null;
  ended: Promise<void>;
}

/**
 * A network P1 source as a `ByteSource`: ser2net in raw mode, P1 Wi-Fi/Ethernet dongles and gateways, which send the
 * meter's bytes unchanged to every client. It only reads.
 */
export class TcpSource extends EventEmitter<ByteSourceEvents> implements ByteSource {
  readonly description: string;
  private readonly options: TcpSourceOptions;
  private current: Connection | null = null;
  /** A connection attempt in progress, which `close()` cuts short rather than waiting out `connectTimeout`. */
  private pending: Socket | null = null;

  constructor(options: TcpSourceOptions) {
    super();
    this.options = options;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.description = `tcp://${host}:${options.port}`;
  }

  async open(): Promise<void> {
    if (this.current !== null) throw new P1SerialError('port-busy', `${this.description} is open already`, { port: this.description });
    const { host, port, connectTimeout = 10_000, keepAlive = 15_000 } = this.options;
    const socket = connect({ host, port, noDelay: true, keepAlive: keepAlive > 0, keepAliveInitialDelay: keepAlive });
    this.pending = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new P1SerialError('timeout', `${this.description} did not accept a connection within ${connectTimeout} ms`, { port: this.description }));
      }, connectTimeout);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(classifyError(error, this.description));
      });
    }).finally(() => (this.pending = null));
    let end = (): void => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const connection: Connection = { socket, reason: null, ended };
    this.current = connection;
    socket.on('data', (chunk: Uint8Array) => this.emit('data', chunk));
    socket.on('error', (error) => (connection.reason ??= classifyError(error, this.description)));
    socket.once('close', () => {
      this.current = null;
      const reason =
        connection.reason ??
        new P1SerialError('disconnected', `${this.description} closed the connection`, { port: this.description });
      end();
      this.emit('close', connection.reason === USER_CLOSE ? null : reason);
    });
  }

  async close(reason?: P1SerialError): Promise<void> {
    this.pending?.destroy(new P1SerialError('closed', `the connection attempt to ${this.description} was cancelled`, { port: this.description }));
    const connection = this.current;
    if (connection === null) return;
    connection.reason ??= reason ?? USER_CLOSE;
    connection.socket.destroy();
    await connection.ended;
  }
}

// Marks a close the caller asked for without a reason, which reports `null` rather than `disconnected`.
const USER_CLOSE = new P1SerialError('disconnected', 'closed by the reader');
