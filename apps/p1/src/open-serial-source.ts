import { CliError } from './cli-error.js';
import { explainDeviceError } from './explain-device-error.js';
import { loadPackage } from './load-package.js';
import type { MeterSource, MeterTelegram, SourceEvents } from './meter-source.js';
import type { SourceSpec } from './source-settings.js';

// Provisional: the shape expected of @p1/serial until it lands (the predecessor's P1Reader, on serialport 13).
interface SerialPackage {
  P1Reader: new (options: Record<string, unknown>) => P1ReaderLike;
}
interface P1ReaderLike {
  on(event: 'telegram', listener: (telegram: MeterTelegram) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'connected' | 'close', listener: (...args: unknown[]) => void): unknown;
  close(): Promise<void> | void;
}

/** A serial port or a network dongle through @p1/serial, which reconnects on its own. */
export async function openSerialSource(spec: Extract<SourceSpec, { kind: 'serial' | 'tcp' }>, events: SourceEvents): Promise<MeterSource> {
  const where = spec.kind === 'serial' ? 'Reading a serial port' : 'Reading a network dongle';
  const { P1Reader } = await loadPackage<SerialPackage>('@p1/serial', where);
  const port = spec.kind === 'serial' ? spec.path : spec.url;
  const reader = new P1Reader({ port, ...(spec.kind === 'serial' ? spec.line : {}) });
  const queue = new AsyncQueue<MeterTelegram>();
  reader.on('telegram', (telegram) => queue.push(telegram));
  reader.on('connected', () => events.onStatus?.(`connected to ${port}`));
  reader.on('error', (error) => {
    const explained = spec.kind === 'serial' ? explainDeviceError(error, spec.path) : null;
    if (explained !== null) queue.fail(new CliError(explained));
    else events.onStatus?.(`${port}: ${error.message}`);
  });
  return {
    telegrams: queue,
    close: async () => {
      await reader.close();
      queue.end();
    },
  };
}

/** Pushed values as an async iterable: what an event emitter gives, a `for await` loop takes. */
class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private done = false;
  private error: Error | null = null;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.done = true;
    this.wake?.();
  }

  fail(error: Error): void {
    this.error = error;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      while (this.items.length > 0) yield this.items.shift()!;
      if (this.error !== null) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
