import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The meter's end of a pty pair: writes chunks in order, off the event loop. A write that fails (socat died) is
 * dropped, as a meter keeps sending whether anyone listens or not.
 */
export class PtyWriter {
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<PtyWriter> {
    return new PtyWriter(await open(path, constants.O_WRONLY | constants.O_NOCTTY));
  }

  write(chunk: Uint8Array): void {
    this.chain = this.chain.then(
      () => this.handle.write(chunk).then(() => {}),
      () => {},
    ).catch(() => {});
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close().catch(() => {});
  }
}
