import { EventEmitter } from 'node:events';
import type { ByteSource, ByteSourceEvents } from '../src/byte-source.js';
import type { P1SerialError } from '../src/p1-serial-error.js';

/** A byte source whose device is absent until `present`, opened on fake time. */
export class FakeSource extends EventEmitter<ByteSourceEvents> implements ByteSource {
  readonly description = 'fake';
  present = false;
  opens: number[] = [];
  isOpen = false;

  async open(): Promise<void> {
    this.opens.push(Date.now());
    if (!this.present) throw new Error('Error: No such file or directory, cannot open fake');
    this.isOpen = true;
  }

  async close(reason?: P1SerialError): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.emit('close', reason ?? null);
  }
}
