import type { P1Reader } from '../src/index.js';

/** The reader's lifecycle events in order, as short names: `connected`, `error:disconnected`, `close`, ... */
export function recordEvents(reader: P1Reader): string[] {
  const events: string[] = [];
  reader.on('connected', () => events.push('connected'));
  reader.on('close', (info) => events.push(info.reconnect ? 'close' : 'close:final'));
  reader.on('reconnecting', () => events.push('reconnecting'));
  reader.on('error', (error) => events.push(`error:${error.code}`));
  return events;
}

/** Collapses runs of one event (`reconnecting` x 5) to one, for comparing orders that retry a varying number of times. */
export function collapse(events: readonly string[]): string[] {
  return events.filter((event, i) => event !== events[i - 1]);
}
