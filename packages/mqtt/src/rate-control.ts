/** How often values go out: at most one per window per topic, and optionally only when they changed. */
export interface RateOptions {
  /** The window in ms; 0 publishes every value. */
  windowMs: number;
  /** Average rates (power, voltage, current) over the window, rather than send the latest. */
  average: boolean;
  /** Publish a value only when it differs from the last one published on its topic. */
  changesOnly: boolean;
}

interface TopicState {
  /** Start of the window (ms); -Infinity before the first value. */
  sentAt: number;
  sum: number;
  count: number;
  last: string | undefined;
}

/**
 * Decides, per topic, what a value offered at time `now` publishes: the payload, or undefined to hold it back. The
 * first value of a topic goes out at once; then one per window, the mean of the window's values for averaged
 * topics (the value offered when the window closes counts in it), else the latest. Time is the telegram's, so
 * that a replay or an emulator flat out thins the same as a live meter.
 */
export class RateControl {
  private readonly topics = new Map<string, TopicState>();

  constructor(private readonly options: RateOptions) {}

  offer(topic: string, payload: number | string, averaged: boolean, now: number): string | undefined {
    const { windowMs, average, changesOnly } = this.options;
    let state = this.topics.get(topic);
    if (state === undefined) {
      state = { sentAt: -Infinity, sum: 0, count: 0, last: undefined };
      this.topics.set(topic, state);
    }
    let out: number | string = payload;
    if (windowMs > 0) {
      const mean = average && averaged && typeof payload === 'number';
      if (mean) {
        state.sum += payload;
        state.count++;
      }
      // A clock that went back (a meter set right) closes the window rather than hold values for the gap.
      if (now - state.sentAt < windowMs && now >= state.sentAt) return undefined;
      if (mean) out = Number((state.sum / state.count).toPrecision(12));
      state.sum = 0;
      state.count = 0;
      state.sentAt = now;
    }
    const text = String(out);
    if (changesOnly && text === state.last) return undefined;
    state.last = text;
    return text;
  }

  /** The last payload published on each topic, for publishing again to a broker that lost them. */
  *published(): IterableIterator<[topic: string, payload: string]> {
    for (const [topic, state] of this.topics) if (state.last !== undefined) yield [topic, state.last];
  }
}
