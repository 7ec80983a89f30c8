import { PROFILES } from '@p1/core';
import { CanceledError } from './emulator-error.js';
import { P1Emulator, type P1EmulatorOptions } from './p1-emulator.js';
import type { PortInfo, PortOpenOptions, PortSetOptions, PortStatus, SerialPortBinding } from './serial-binding-types.js';
import { serialLine } from './serial-line.js';

/** Options of `createEmulatorBinding`: the meter behind every port, and the paths it answers to. */
export interface EmulatorBindingOptions extends P1EmulatorOptions {
  /** Paths `list()` reports and `open()` accepts. Default `['/dev/p1-emulator']`. */
  paths?: readonly string[];
  /** Bytes a port holds for a reader that does not read, like a driver's buffer; more are lost. Default 1 MiB. */
  maxBuffered?: number;
}


/**
 * A serialport binding (`@serialport/bindings-interface`) whose ports are emulated meters, so that
 * `new SerialPortStream({ binding: createEmulatorBinding(opts), path: '/dev/p1-emulator', baudRate: 115200 })` reads
 * telegrams in-process. Every `open()` starts a meter of its own from `options`; opening it with line settings
 * other than its standard's garbles the bytes as a real UART would.
 */
export function createEmulatorBinding(options: EmulatorBindingOptions = {}): SerialPortBinding<EmulatorPortBinding> {
  const { paths = ['/dev/p1-emulator'], maxBuffered = 1 << 20, ...meterOptions } = options;
  const open = new Set<string>();
  return {
    async list(): Promise<PortInfo[]> {
      return paths.map((path) => ({
        path,
        manufacturer: 'p1 emulator',
        serialNumber: undefined,
        pnpId: undefined,
        locationId: undefined,
        productId: undefined,
        vendorId: undefined,
      }));
    },
    async open(openOptions: PortOpenOptions): Promise<EmulatorPortBinding> {
      if (typeof openOptions !== 'object' || openOptions === null) throw new TypeError('"options" is not an object');
      if (!openOptions.path) throw new TypeError('"path" is not a valid port');
      if (!openOptions.baudRate) throw new TypeError('"baudRate" is not a valid baudRate');
      await nextTick();
      const path = openOptions.path;
      if (!paths.includes(path)) throw new Error(`No emulated meter at ${path}; the binding offers ${paths.join(', ')}`);
      const settings: Required<PortOpenOptions> = { ...PORT_DEFAULTS, ...openOptions };
      if (settings.lock && open.has(path)) throw new Error(`Port ${path} is locked: it is open already`);
      const emulator = new P1Emulator(meterOptions); // throws on bad options before the path is taken
      open.add(path);
      return new EmulatorPortBinding(settings, emulator, maxBuffered, () => open.delete(path));
    },
  };
}

const PORT_DEFAULTS: Omit<Required<PortOpenOptions>, 'path' | 'baudRate'> = {
  dataBits: 8,
  lock: true,
  stopBits: 1,
  parity: 'none',
  rtscts: false,
  xon: false,
  xoff: false,
  xany: false,
  hupcl: true,
};

/** An open emulated port: the meter's bytes queue up until the stream reads them. */
export class EmulatorPortBinding {
  readonly openOptions: Required<PortOpenOptions>;
  isOpen = true;
  /** Bytes lost because nobody read them in time (a driver overrun). */
  overrun = 0;
  private queue: Buffer[] = [];
  private queued = 0;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private line: ((bytes: Uint8Array) => Uint8Array) | null;
  private readonly onData = (chunk: Uint8Array): void => this.receive(chunk);

  constructor(
    openOptions: Required<PortOpenOptions>,
    /** The meter behind the port, sending while the port is open. */
    readonly emulator: P1Emulator,
    private readonly maxBuffered: number,
    private readonly release: () => void,
  ) {
    this.openOptions = openOptions;
    this.line = this.lineFor(openOptions.baudRate);
    emulator.on('data', this.onData);
    emulator.start();
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    if (!Number.isInteger(offset) || !Number.isInteger(length) || length < 1 || buffer.length < offset + length) {
      throw new TypeError('"offset" and "length" must fit in the buffer');
    }
    this.assertOpen();
    while (this.queued === 0) {
      await new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
    }
    let bytesRead = 0;
    while (bytesRead < length && this.queue.length > 0) {
      const head = this.queue[0]!;
      const n = head.copy(buffer, offset + bytesRead, 0, Math.min(head.length, length - bytesRead));
      bytesRead += n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(n);
    }
    this.queued -= bytesRead;
    return { buffer, bytesRead };
  }

  /** A P1 port only sends: what the reader writes goes nowhere, as on a real meter. */
  async write(buffer: Buffer): Promise<void> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    this.assertOpen();
    await nextTick();
  }

  async update(options: { baudRate: number }): Promise<void> {
    if (typeof options?.baudRate !== 'number') throw new TypeError('"options.baudRate" is not a number');
    this.assertOpen();
    await nextTick();
    this.openOptions.baudRate = options.baudRate;
    this.line = this.lineFor(options.baudRate);
  }

  async set(_options: PortSetOptions): Promise<void> {
    this.assertOpen();
    await nextTick();
  }

  async get(): Promise<PortStatus> {
    this.assertOpen();
    await nextTick();
    return { cts: false, dsr: false, dcd: false };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.assertOpen();
    await nextTick();
    return { baudRate: this.openOptions.baudRate };
  }

  /** Discards what arrived and was not read yet. */
  async flush(): Promise<void> {
    this.assertOpen();
    await nextTick();
    this.queue = [];
    this.queued = 0;
  }

  async drain(): Promise<void> {
    this.assertOpen();
    await nextTick();
  }

  /** Stops the meter; a read in progress fails with a `canceled` error. */
  async close(): Promise<void> {
    this.assertOpen();
    this.isOpen = false;
    this.emulator.stop();
    this.emulator.off('data', this.onData);
    this.queue = [];
    this.queued = 0;
    this.release();
    this.waiting?.reject(new CanceledError('port is closed'));
    this.waiting = null;
  }

  private receive(chunk: Uint8Array): void {
    const bytes = this.line === null ? chunk : this.line(chunk);
    if (this.queued + bytes.length > this.maxBuffered) {
      this.overrun += bytes.length;
      return;
    }
    this.queue.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    this.queued += bytes.length;
    this.waiting?.resolve();
    this.waiting = null;
  }

  private lineFor(baudRate: number): ((bytes: Uint8Array) => Uint8Array) | null {
    return serialLine(PROFILES[this.emulator.meter.config.profile].serial, { baudRate, dataBits: this.openOptions.dataBits });
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new Error('Port is not open');
  }
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => process.nextTick(resolve));
}
