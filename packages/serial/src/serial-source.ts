import { EventEmitter } from 'node:events';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { SerialSettings } from '@p1/core';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { SerialBinding } from './serial-binding.js';
import { SerialPortStream } from '@serialport/stream';
import type { ByteSource, ByteSourceEvents } from './byte-source.js';
import { classifyError } from './classify-error.js';
import { P1SerialError } from './p1-serial-error.js';
import { loadSerialPortBinding } from './serialport-binding.js';

/** Options of a `SerialSource`. */
export interface SerialSourceOptions {
  /** The device: `/dev/ttyUSB0`, `/dev/serial/by-id/...`, `COM3`. */
  path: string;
  settings: SerialSettings;
  /** The serialport binding, or a function that loads one. Default: serialport's native binding for this platform. */
  binding?: SerialBinding | (() => Promise<SerialBinding>);
  /** Lock the port so no other program reads it meanwhile. Default true, as serialport and the predecessor did. */
  lock?: boolean;
  /**
   * ms between checks that the device file is still the one opened; 0 turns them off. Default 1000. serialport
   * misses some hang-ups: when a device vanishes between two reads, its Linux binding reads 0 bytes (EOF) again and
   * again instead of reporting the loss, so the reader would wait forever on a dead port. A device node that is
   * gone, or replaced by a new one (a replugged adapter, a restarted socat), ends the connection as `disconnected`.
   * Paths that are no file (COM3, an emulated port) are not checked.
   */
  presenceCheck?: number;
}

interface Connection {
  port: SerialPortStream;
  reason: P1SerialError | null;
  ended: Promise<void>;
  end: () => void;
  check: NodeJS.Timeout | null;
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
    // Every SerialBinding is a BindingInterface at run time; the type is ours only to keep serialport's out of our .d.ts.
    const resolved = (typeof binding === 'function' ? await binding() : binding) as BindingInterface;
    // Which device file the path names now, taken before opening it: the presence check compares against this, and
    // a stat after the open could already see a device that replaced it meanwhile.
    const identity = await stat(path).catch(() => null);
    const port = new SerialPortStream({ binding: resolved, path, ...settings, lock, autoOpen: false });
    // An 'error' without a listener would crash the process; errors of a live port end the connection instead.
    port.on('error', (error) => this.fail(port, error));
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(classifyError(error, path)) : resolve()));
    });
    let end = (): void => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    const connection: Connection = { port, reason: null, ended, end, check: null };
    this.current = connection;
    port.on('data', (chunk: Uint8Array) => this.emit('data', chunk));
    port.once('close', (error?: Error | null) => this.ended(port, error ?? null));
    this.watchPresence(connection, identity);
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

  private watchPresence(connection: Connection, opened: Stats | null): void {
    const { path, presenceCheck = 1000 } = this.options;
    if (presenceCheck <= 0 || opened === null) return; // nothing to check, or no device file to watch
    const gone = (): void =>
      this.fail(connection.port, new P1SerialError('disconnected', `${path} is gone (unplugged, or replaced by another device)`, { port: path }));
    connection.check = setInterval(() => {
      stat(path).then((now) => (now.ino !== opened.ino || now.dev !== opened.dev) && gone(), gone);
    }, presenceCheck);
    connection.check.unref(); // the open port keeps the process alive, not this check
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
    if (connection.check !== null) clearInterval(connection.check);
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
