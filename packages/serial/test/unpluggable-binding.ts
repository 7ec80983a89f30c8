import type { BindingInterface, BindingPortInterface, OpenOptions } from '@serialport/bindings-interface';

/**
 * Wraps a serialport binding so a test can pull the cable: `unplug()` fails the reads in progress as the native
 * binding does when a USB adapter vanishes (serialport turns that into a close with a DisconnectedError), and opens
 * fail with the native "No such file or directory" until `plugIn()`. For the faults a pty cannot show thousands of
 * times a second.
 */
export function unpluggable(inner: BindingInterface): { binding: BindingInterface; unplug(): void; plugIn(): void; opens: () => number } {
  let present = true;
  let opens = 0;
  const ports = new Set<UnpluggablePort>();
  const binding: BindingInterface = {
    list: () => inner.list(),
    async open(options: OpenOptions) {
      if (!present) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
      const port = new UnpluggablePort(await inner.open(options), ports);
      opens++;
      return port;
    },
  };
  return {
    binding,
    unplug() {
      present = false;
      for (const port of ports) port.pull();
    },
    plugIn() {
      present = true;
    },
    opens: () => opens,
  };
}

class UnpluggablePort implements BindingPortInterface {
  private pulled: () => void = () => {};
  private readonly gone: Promise<never>;

  constructor(
    private readonly inner: BindingPortInterface,
    private readonly ports: Set<UnpluggablePort>,
  ) {
    this.gone = new Promise<never>((_, reject) => (this.pulled = () => reject(new Error('EIO: i/o error, read'))));
    this.gone.catch(() => {});
    ports.add(this);
  }

  get openOptions() {
    return this.inner.openOptions;
  }

  get isOpen() {
    return this.inner.isOpen;
  }

  pull(): void {
    this.pulled();
  }

  read(buffer: Buffer, offset: number, length: number) {
    return Promise.race([this.inner.read(buffer, offset, length), this.gone]);
  }

  async close() {
    this.ports.delete(this);
    await this.inner.close();
  }

  write = (buffer: Buffer) => this.inner.write(buffer);
  update = (options: { baudRate: number }) => this.inner.update(options);
  set = (options: Parameters<BindingPortInterface['set']>[0]) => this.inner.set(options);
  get = () => this.inner.get();
  getBaudRate = () => this.inner.getBaudRate();
  flush = () => this.inner.flush();
  drain = () => this.inner.drain();
}
