import { EventEmitter } from 'node:events';
import type { BindingInterface } from '@serialport/bindings-interface';
import { SerialPortStream } from '@serialport/stream';
import type { ByteSource, ByteSourceEvents } from './byte-source.js';
import { classifyError } from './classify-error.js';
import { P1SerialError } from './p1-serial-error.js';
import type { PortSettings } from './port-settings.js';
import { loadSerialPortBinding } from './serialport-binding.js';

/** Options of a `SerialSource`. */
export interface SerialSourceOptions {
  /** The device: `/dev/ttyUSB0`, `/dev/serial/by-id/...`, `COM3`. */
  path: string;
  settings: PortSettings;
  /** The serialport binding, or a function that loads one. Default: serialport's native binding for this platform. */
  binding?: BindingInterface | (() => Promise<BindingInterface>);
  /** Lock the port so no other program reads it meanwhile. Default true, as serialport and the predecessor did. */
  lock?: boolean;
}

interface Connection {
  port: SerialPortStream;
  reason: P1SerialError | null;
  ended: Promise<void>;
  end: () => void;
}

/**
 * A serial port as a `ByteSource`, through serialport 13. Each `open()` makes a new port object, so nothing a
 * connection attached survives it. It only reads: a P1 port has no input.
 */
export class SerialSource extends EventEmitter<ByteSourceEvents> implements ByteSource {
  readonly description: string;
  private readonly options: SerialSourceOptions;
  private current: Connection | null = null;

  constructor(options: SerialSourceOptions) {
    super();
    this.options = options;
    this.description = options.path;
  }

  async open(): Promise<void> {
    if (this.current !== null) throw new P1SerialError('port-busy', `${this.description} is open already`, { port: this.description });
    const { path, settings, binding = loadSerialPortBinding, lock = true } = this.options;
    const resolved = typeof binding === 'function' ? await binding() : binding;
    const port = new SerialPortStream({ binding: resolved, path, ...settings, lock, autoOpen: false });
    // An 'error' without a listener would crash the process; errors of a live port end the connection instead.
    port.on('error', (error) => this.fail(port, error));
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(classifyError(error, path)) : resolve()));
    });
    let end = (): void => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.current = { port, reason: null, ended, end };
    port.on('data', (chunk: Uint8Array) => this.emit('data', chunk));
    port.once('close', (error?: Error | null) => this.ended(port, error ?? null));
  }

  async close(reason?: P1SerialError): Promise<void> {
    const connection = this.current;
    if (connection === null) return;
    connection.reason ??= reason ?? null;
    if (!connection.port.closing) {
      // A close that fails (the device vanished meanwhile) still ends the connection.
      connection.port.close((error) => error && this.ended(connection.port, error));
    }
    await connection.ended;
  }

  private fail(port: SerialPortStream, error: Error): void {
    const connection = this.current;
    if (connection?.port !== port) return;
    connection.reason ??= classifyError(error, this.description);
    if (port.isOpen && !port.closing) port.close((closeError) => closeError && this.ended(port, closeError));
  }

  private ended(port: SerialPortStream, error: Error | null): void {
    const connection = this.current;
    if (connection?.port !== port) return;
    this.current = null;
    // serialport reports an unplugged device as a close with a DisconnectedError (`disconnected: true`), no 'error'.
    const reason =
      connection.reason ??
      (error === null
        ? null
        : new P1SerialError('disconnected', `the connection to ${this.description} was lost (${error.message})`, {
            port: this.description,
            cause: error,
          }));
    connection.end();
    this.emit('close', reason);
  }
}
