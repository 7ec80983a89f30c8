/**
 * A push -> pull bridge for `for await`: values pushed while nobody waits are kept, at most `limit` of them (the
 * oldest go first, counted in `dropped`), so a consumer that stalls for hours cannot grow memory without bound.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  /** Values dropped because the consumer fell `limit` behind. */
  dropped = 0;
  private readonly items: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  private done = false;
  private failure: unknown = undefined;

  constructor(
    private readonly limit: number,
    /** Called once when the queue ends, from either side. */
    private readonly onEnd: () => void = () => {},
    /** Called for each value dropped. */
    private readonly onDrop: () => void = () => {},
  ) {}

  push(value: T): void {
    if (this.done) return;
    if (this.waiting !== null) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.items.shift();
      this.dropped++;
      this.onDrop();
    }
    this.items.push(value);
  }

  /** No more values: the consumer gets what is queued, then the end, or `error` when given. */
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = error;
    this.onEnd();
    if (this.waiting !== null && this.items.length === 0) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      if (error === undefined) resolve({ value: undefined, done: true });
      else reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.done) {
      const error = this.failure;
      this.failure = undefined; // reported once; later calls just end
      return error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(error);
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The consumer left the loop (`break`, `return`, an exception). */
  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
