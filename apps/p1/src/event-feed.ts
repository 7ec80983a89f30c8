import type { IncomingMessage, ServerResponse } from 'node:http';

/** A client that has this much unsent is slow: the feed waits for it before it sends more. */
const HIGH_WATER_BYTES = 256 * 1024;
/** A client that stays slow this long is dropped (its browser reconnects and asks for what it missed). */
const STUCK_MS = 10_000;
/** A comment now and then keeps proxies and phones from closing a quiet feed (a DSMR 4 meter sends every 10 s). */
const KEEP_ALIVE_MS = 15_000;

/** One Server-Sent Event; `data` is JSON without newlines, so it is one `data:` line. */
export function sseEvent(name: string, data: unknown, id?: number): string {
  return `event: ${name}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live feed's clients. Every event is formatted once and written to all; when a client falls behind, the feed
 * waits (up to `STUCK_MS`) instead of piling data up in memory, then drops it.
 */
export class EventFeed {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(private readonly maxClients: number) {
    this.keepAlive = setInterval(() => this.send(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over a request as a feed client; `initial` is sent first (the current status and reading). */
  add(request: IncomingMessage, response: ServerResponse, initial: string): boolean {
    if (this.clients.size >= this.maxClients) return false;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and friends would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    response.write(`retry: 2000\n\n${initial}`);
    this.clients.add(response);
    request.socket.setNoDelay(true);
    const remove = (): void => void this.clients.delete(response);
    response.on('close', remove);
    response.on('error', remove);
    return true;
  }

  send(event: string): void {
    for (const client of this.clients) client.write(event);
  }

  /** Resolves when no client is behind; drops those that stay behind too long. */
  async drained(): Promise<void> {
    const slow = [...this.clients].filter((c) => c.writableLength > HIGH_WATER_BYTES);
    if (slow.length === 0) return;
    await Promise.all(
      slow.map(
        (client) =>
          new Promise<void>((resolve) => {
            const done = (): void => {
              clearTimeout(timer);
              client.off('drain', done);
              client.off('close', done);
              resolve();
            };
            const timer = setTimeout(() => {
              client.destroy();
              done();
            }, STUCK_MS);
            client.on('drain', done);
            client.on('close', done);
          }),
      ),
    );
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
