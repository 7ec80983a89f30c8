// A fake `navigator.serial` for Chromium: an init script whose port streams the bytes of a real @p1/emulator meter,
// in UART-sized chunks, through what the line does at the settings the page opened it with (wrong speed: garbage;
// 7E1 read at 8 bits: parity in bit 7), with unplug and replug.
import { MeterEmulator, type EmulatorOptions, type MeterState } from '@p1/emulator';
import { serialLine } from '@p1/emulator/testing';
import { PROFILES } from '@p1/core';
import type { Page } from 'playwright-core';

/** Runs in the page before its scripts: `navigator.serial` with one port whose bytes come from the test. */
function installFakeSerial(): void {
  type Pull = (settings: string) => Promise<string | null>;
  const w = window as unknown as { __p1SerialPull: Pull; __p1SerialOpen: (settings: string) => Promise<void>; __fakeSerial: unknown };
  const serial = new EventTarget();
  let unplugged = false;
  let current: ReadableStreamDefaultController<Uint8Array> | null = null;
  const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

  class FakePort extends EventTarget {
    readable: ReadableStream<Uint8Array> | null = null;
    private settings = '';
    getInfo() {
      return { usbVendorId: 0x0403, usbProductId: 0x6001 };
    }
    async open(options: unknown) {
      if (unplugged) throw new DOMException('The device has been lost.', 'NetworkError');
      if (this.readable !== null) throw new DOMException('The port is already open.', 'InvalidStateError');
      this.settings = JSON.stringify(options);
      await w.__p1SerialOpen(this.settings);
      this.readable = this.stream();
    }
    async close() {
      this.readable = null;
      current = null;
    }
    private stream(): ReadableStream<Uint8Array> {
      const settings = this.settings;
      return new ReadableStream<Uint8Array>({
        start: (controller) => {
          current = controller;
        },
        pull: async (controller) => {
          const chunk = await w.__p1SerialPull(settings);
          if (current !== controller) return;
          if (chunk === null) return;
          controller.enqueue(fromBase64(chunk));
        },
        cancel: () => {
          current = null;
        },
      }, { highWaterMark: 0 });
    }
  }
  const port = new FakePort();
  Object.defineProperty(navigator, 'serial', {
    value: Object.assign(serial, {
      requestPort: async () => port,
      getPorts: async () => [port],
    }),
  });
  w.__fakeSerial = {
    port,
    unplug() {
      unplugged = true;
      current?.error(new DOMException('The device has been lost.', 'NetworkError'));
      current = null;
      port.readable = null;
      const event = new Event('disconnect');
      serial.dispatchEvent(event);
    },
    replug() {
      unplugged = false;
      // Chrome fires `connect` at navigator.serial with the port as its target.
      const connect = new Event('connect');
      Object.defineProperty(connect, 'target', { value: port });
      serial.dispatchEvent(connect);
    },
  };
}

/** The test's side of the fake port: a meter that sends only as many telegrams as the test allows. */
export class FakeMeter {
  readonly emulator: MeterEmulator;
  /** The meter state of every telegram sent, in order. */
  readonly sent: MeterState[] = [];
  /** The settings of every open, as JSON. */
  readonly opens: string[] = [];
  private queue: Uint8Array[] = [];
  private allowed = 0;
  private waiting: ((chunk: string | null) => void)[] = [];
  private pendingSettings: string[] = [];

  constructor(options: EmulatorOptions) {
    this.emulator = new MeterEmulator({ ...options, faults: { chunks: [1, 64], ...(typeof options.faults === 'object' ? options.faults : {}) } });
  }

  /** Installs the fake `navigator.serial` in the page, before it loads. */
  async install(page: Page): Promise<void> {
    await page.exposeBinding('__p1SerialPull', (_source, settings: string) => this.pull(settings));
    await page.exposeBinding('__p1SerialOpen', (_source, settings: string) => void this.opens.push(settings));
    await page.addInitScript(installFakeSerial);
  }

  /** Lets `count` more telegrams go out. */
  allow(count: number): void {
    this.allowed += count;
    while (this.waiting.length > 0 && (this.queue.length > 0 || this.allowed > 0)) this.waiting.shift()!(this.next(this.pendingSettings.shift()!));
  }

  /** Pulls the cable: the page's stream errors, and a pending read gets nothing. */
  async unplug(page: Page): Promise<void> {
    this.waiting.splice(0).forEach((resolve) => resolve(null));
    this.pendingSettings = [];
    await page.evaluate(() => (window as unknown as { __fakeSerial: { unplug(): void } }).__fakeSerial.unplug());
  }

  async replug(page: Page): Promise<void> {
    await page.evaluate(() => (window as unknown as { __fakeSerial: { replug(): void } }).__fakeSerial.replug());
  }

  get lastState(): MeterState {
    return this.sent[this.sent.length - 1]!;
  }

  private pull(settings: string): Promise<string | null> | string | null {
    if (this.queue.length > 0 || this.allowed > 0) return this.next(settings);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pendingSettings.push(settings);
    });
  }

  private next(settings: string): string {
    if (this.queue.length === 0) {
      const telegram = this.emulator.next();
      this.allowed--;
      this.sent.push(telegram.state);
      this.queue.push(...telegram.chunks);
    }
    const line = serialLine(PROFILES[this.emulator.config.profile].serial, JSON.parse(settings));
    const chunk = this.queue.shift()!;
    return Buffer.from(line === null ? chunk : line(chunk)).toString('base64');
  }
}
