// A local HTTP server that records every request and answers as the test says: for the exact 3.x request (no
// InfluxDB 3 runs here) and for faults a real server will not show on demand (500, 429, 413, a hung request).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body, gunzipped when it was sent gzipped. */
  body: string;
}

export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface Recorder {
  url: string;
  requests: Recorded[];
  /** While true, `/ping` answers 503. */
  down: boolean;
  /** Decides the answer to each request; default 204. */
  answer: (request: Recorded) => Answer;
  /** The lines of every request answered 2xx, in order. */
  accepted(): string[];
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const accepted: string[] = [];
  const recorder: Recorder = {
    url: '',
    requests: [],
    down: false,
    answer: () => ({ status: 204 }),
    accepted: () => accepted.flatMap((body) => body.split('\n').filter((l) => l !== '')),
    close: () =>
      new Promise((resolve) => {
        // Hung requests must not hold the server open after the test.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    // The writer's health probe: answered, not recorded (tests count write requests).
    if (req.method === 'GET' && req.url?.endsWith('/ping')) {
      res.writeHead(recorder.down ? 503 : 204).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const request: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      recorder.requests.push(request);
      const answer = recorder.answer(request);
      if (answer === 'hang') return;
      if (answer.status >= 200 && answer.status < 300) accepted.push(body);
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recorder;
}

/** Writer timings for tests: small batches, sent soon, retried quickly. */
export const QUICK = { batchSize: 100, batchInterval: 20, retryDelay: 10, maxRetryDelay: 250 } as const;
