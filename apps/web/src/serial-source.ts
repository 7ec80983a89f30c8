import { TelegramDecoder } from '@p1/core';
import { LINE_CHOICES, serialOptions, type LineChoice } from './line-settings.js';
import type { SourceEvents } from './source-events.js';
import { readingTime } from './totals.js';

/** While detecting: give up on a setting after this long without a telegram (DSMR 2.2-4 send every 10 s)... */
const PROBE_TIMEOUT_MS = 11_000;
/** ...or after this many bytes without one (the wrong speed gives a stream of garbage, quickly). */
const PROBE_GARBAGE_BYTES = 4_096;

/** How a read of the port ended, and whether a valid telegram came through these settings. */
interface ReadEnd {
  end: 'no-telegram' | 'lost' | 'stopped';
  seen: boolean;
}

const sameDevice = (a: SerialPort, b: SerialPort): boolean => {
  if (a === b) return true;
  if (typeof a.getInfo !== 'function') return false;
  const x = a.getInfo();
  const y = b.getInfo();
  return x.usbVendorId !== undefined && x.usbVendorId === y.usbVendorId && x.usbProductId === y.usbProductId;
};

/**
 * A meter on a serial port through Web Serial (Chrome, Edge). Opens the port with the chosen line settings, or
 * tries each until a valid telegram arrives; when the cable is pulled it says so and opens the port again when it
 * comes back.
 */
export class SerialSource {
  private port: SerialPort | null = null;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Set when the port came back, in case that happens before the loop starts waiting for it. */
  private back = false;

  constructor(private readonly events: SourceEvents) {}

  /** Whether this browser has Web Serial. */
  static get supported(): boolean {
    return typeof navigator !== 'undefined' && navigator.serial !== undefined;
  }

  /** Asks for the port (call from a click) and reads it until `stop()`; `choice` null detects the settings. */
  async start(choice: LineChoice | null): Promise<void> {
    const serial = navigator.serial;
    if (serial === undefined) throw new Error('This browser has no Web Serial: use Chrome or Edge on a computer, or open a capture file.');
    const port = await serial.requestPort();
    this.port = port;
    const onConnect = (event: Event): void => {
      if (event.target !== null && this.port !== null && sameDevice(event.target as SerialPort, this.port)) {
        this.port = event.target as SerialPort;
        this.back = true;
        this.wake?.();
      }
    };
    serial.addEventListener('connect', onConnect);
    try {
      await this.run(choice);
    } finally {
      serial.removeEventListener('connect', onConnect);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.reader?.cancel().catch(() => {});
  }

  private async run(fixed: LineChoice | null): Promise<void> {
    let settled = fixed;
    let next = 0;
    while (!this.stopped) {
      const choice = settled ?? LINE_CHOICES[next++ % LINE_CHOICES.length]!;
      const name = `${choice.settings.baudRate} ${choice.id.split('-')[1]}`;
      this.events.status(settled === null ? `trying ${name}…` : `reading at ${name}`);
      let outcome: ReadEnd | undefined;
      this.back = false;
      try {
        await this.port!.open(serialOptions(choice.settings));
      } catch (error) {
        const message = (error as Error).message;
        // A port that vanished between the prompt and the open: wait for it like for a pulled cable.
        if ((error as DOMException).name === 'NetworkError' || /lost|disconnected/i.test(message)) outcome = { end: 'lost', seen: false };
        else throw new Error(`The port could not be opened: ${message}. Another program (or tab) may be using it.`);
      }
      outcome ??= await this.read(choice, settled === null);
      await this.port!.close().catch(() => {});
      const { end, seen } = outcome;
      if (seen) settled = choice;
      if (end === 'stopped' || this.stopped) break;
      if (end === 'lost') {
        this.events.status('meter disconnected: plug the cable back in, the page reconnects by itself', true);
        if (!this.back && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
    this.events.status('disconnected');
  }

  /** Reads until the port is lost or stopped; when probing, also until it is clear that the setting is wrong. */
  private async read(choice: LineChoice, probing: boolean): Promise<ReadEnd> {
    const decoder = new TelegramDecoder();
    let seen = false;
    let garbage = 0;
    let timedOut = false;
    const timer = probing
      ? setTimeout(() => {
          timedOut = true;
          void this.reader?.cancel().catch(() => {});
        }, PROBE_TIMEOUT_MS)
      : undefined;
    try {
      while (!this.stopped && !timedOut) {
        const readable = this.port!.readable;
        if (readable === null) return { end: 'lost', seen };
        this.reader = readable.getReader();
        try {
          for (;;) {
            const { done, value } = await this.reader.read();
            if (done) return { end: this.stopped ? 'stopped' : timedOut ? 'no-telegram' : 'lost', seen };
            for (const result of decoder.push(value)) {
              if (result.type === 'error') {
                if (seen) this.events.error(result.error.code, result.error.message);
                continue;
              }
              if (!seen) {
                seen = true;
                clearTimeout(timer);
                this.events.status(`connected at ${choice.settings.baudRate} ${choice.id.split('-')[1]}`);
              }
              const { reading, profile } = result.telegram;
              this.events.reading({ time: readingTime(reading, Date.now()), profile, reading });
            }
            if (!seen && (garbage += value.byteLength) > PROBE_GARBAGE_BYTES && probing) return { end: 'no-telegram', seen };
          }
        } catch (error) {
          const name = (error as DOMException).name;
          // Framing, parity, break and overrun errors are the line's: the port gives a new readable and goes on.
          if (!['FramingError', 'ParityError', 'BreakError', 'BufferOverrunError'].includes(name)) return { end: this.stopped ? 'stopped' : 'lost', seen };
          if (probing && !seen) return { end: 'no-telegram', seen };
        } finally {
          this.reader.releaseLock();
          this.reader = null;
        }
      }
      return { end: this.stopped ? 'stopped' : timedOut ? 'no-telegram' : 'lost', seen };
    } finally {
      clearTimeout(timer);
    }
  }
}
