import type { Writable } from 'node:stream';

/**
 * Text to a stream with backpressure: waits while the pipe is full, gathers small writes into blocks of
 * `blockBytes` (0: every write goes out at once), and treats a closed reader (`p1 parse big.txt | head`) as the end
 * of output rather than an error: `closed` turns true and `onClosed` is called once.
 */
export class OutputWriter {
  private pending = '';
  private closedFlag = false;

  constructor(
    private readonly stream: Writable,
    private readonly blockBytes = 0,
    private readonly onClosed: () => void = () => {},
  ) {
    stream.on('error', () => this.close());
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  async write(text: string): Promise<void> {
    if (this.closedFlag) return;
    this.pending += text;
    if (this.pending.length >= this.blockBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closedFlag || this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
      this.stream.on('error', done);
    });
  }

  private close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.pending = '';
    this.onClosed();
  }
}
