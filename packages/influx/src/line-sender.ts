import { deliverBatch } from './deliver-batch.js';
import { InfluxError, isInfluxError } from './influx-error.js';
import { probe } from './send-batch.js';
import { writeRequest, type InfluxTarget, type WriteRequest } from './write-target.js';

/** Options of `createLineSender`: where to, and how. */
export interface LineSenderOptions {
  target: InfluxTarget;
  /** Lines per request. Default 5000 (what InfluxDB advises; about 3.5 MB of a DSMR 5 meter's points). */
  batchSize?: number;
  /** Requests in flight at once: the server parses one batch while the next is made. Default 2. */
  concurrency?: number;
  /** Gzip request bodies. Default true; false saves CPU on both ends when the server is on this machine. */
  gzip?: boolean;
  /** Milliseconds before a request counts as failed. Default 30 000. */
  requestTimeout?: number;
  /** How long an unreachable server (or 5xx) is retried, probing `/ping` every second, before `send` throws. Default 60 000. */
  retryFor?: number;
  /** Each line the server refused on its own, with its words for why. */
  onRejected?: (line: string, reason: string) => void;
}

export interface LineSenderStats {
  /** Lines the server took. */
  written: number;
  /** Lines the server refused, one by one. */
  rejected: number;
  requests: number;
}

/** Sends line protocol to InfluxDB in batches it accepts. */
export interface LineSender {
  /** Queues lines (each ending in `\n`); resolves when there is room for more (at most `concurrency` batches wait). */
  send(lines: string): Promise<void>;
  /** Sends what is queued and resolves with the counts. Throws the fault that stopped sending, if one did. */
  close(): Promise<LineSenderStats>;
  readonly stats: LineSenderStats;
}

const NEWLINE = 0x0a;

/**
 * A sender of line protocol with no spool: for imports, whose file is the durable copy. Splits a refused batch until
 * the refused lines stand alone (they go to `onRejected`, the rest are written), retries an unreachable server for
 * `retryFor` ms, and fails at once on faults a person must fix (credentials, no database, a wrong URL).
 */
export function createLineSender(options: LineSenderOptions): LineSender {
  const request = writeRequest(options.target);
  const batchSize = options.batchSize ?? 5000;
  const concurrency = options.concurrency ?? 2;
  const send = { gzip: options.gzip !== false, timeout: options.requestTimeout ?? 30_000 };
  const retryFor = options.retryFor ?? 60_000;
  const stats: LineSenderStats = { written: 0, rejected: 0, requests: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: InfluxError | null = null;
  let pending: Buffer[] = [];
  let pendingLines = 0;

  const deliver = async (body: Buffer): Promise<void> => {
    const giveUpAt = Date.now() + retryFor;
    for (;;) {
      const delivery = await deliverBatch(request, body, send);
      stats.requests += delivery.requests;
      if (delivery.ok) {
        stats.written += delivery.written;
        stats.rejected += delivery.rejected.length;
        for (const r of delivery.rejected) options.onRejected?.(r.line.toString('utf8').replace(/\n$/, ''), r.reason);
        return;
      }
      const { error, retry } = delivery.outcome;
      if (retry !== 'backoff' || Date.now() >= giveUpAt) throw error;
      await untilReachable(request, giveUpAt, delivery.outcome.retryAfterMs);
    }
  };

  const dispatch = async (body: Buffer): Promise<void> => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure !== null) throw failure;
    const task: Promise<void> = deliver(body).then(
      () => void inFlight.delete(task),
      (error: unknown) => {
        inFlight.delete(task);
        failure ??= isInfluxError(error) ? error : new InfluxError('request-failed', String(error), { cause: error });
      },
    );
    inFlight.add(task);
  };

  return {
    get stats() {
      return { ...stats };
    },
    async send(lines) {
      if (failure !== null) throw failure;
      let data = Buffer.from(lines, 'utf8');
      // Cut the text at every batchSize-th line; what is left waits for more.
      for (let at = data.indexOf(NEWLINE); at !== -1; at = data.indexOf(NEWLINE, at + 1)) {
        if (++pendingLines < batchSize) continue;
        pending.push(data.subarray(0, at + 1));
        const body = Buffer.concat(pending);
        pending = [];
        pendingLines = 0;
        data = data.subarray(at + 1);
        at = -1;
        await dispatch(body);
      }
      if (data.length > 0) pending.push(data);
    },
    async close() {
      if (pending.length > 0 && failure === null) await dispatch(Buffer.concat(pending));
      pending = [];
      pendingLines = 0;
      await Promise.all(inFlight);
      if (failure !== null) throw failure;
      return { ...stats };
    },
  };
}

/** Probes `/ping` every second until the server answers or `until` passes. */
async function untilReachable(request: WriteRequest, until: number, first = 1000): Promise<void> {
  let wait = Math.min(first, 5000);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    if ((await probe(request, 2000)).up) return;
    wait = 1000;
  }
}
