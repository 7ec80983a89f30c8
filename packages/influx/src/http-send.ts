import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a server answered: status, headers (lower-case names) and the body as text. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Milliseconds before the request fails with a `TimeoutError`. */
  timeout: number;
  signal?: AbortSignal;
}

// Kept-alive connections: a batch a second must not open a socket a second. Unref'd sockets keep no process alive.
const AGENTS = { 'http:': new HttpAgent({ keepAlive: true, maxSockets: 4 }), 'https:': new HttpsAgent({ keepAlive: true, maxSockets: 4 }) };

/**
 * One HTTP request with node:http, parsing the answer leniently (`insecureHTTPParser`): InfluxDB 1.x echoes the
 * raw bytes of a line it cannot parse in its `X-Influxdb-Error` header, which Node's fetch refuses outright
 * (`HPE_INVALID_HEADER_TOKEN`); read leniently, that answer is the 400 it is, and the batch can be split.
 * Rejects with a `TimeoutError`, an `AbortError` or the socket's error (`ECONNREFUSED`, ...).
 */
export function httpSend(url: string, options: HttpOptions): Promise<HttpAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      req.destroy();
      reject(error);
    };
    const abort = (): void => fail(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const timer = setTimeout(() => fail(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), options.timeout);
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
    };
    const headers = { ...options.headers, ...(options.body && { 'content-length': String(options.body.byteLength) }) };
    const req = send(
      target,
      { method: options.method ?? 'GET', headers, agent: AGENTS[target.protocol as 'http:' | 'https:'], insecureHTTPParser: true },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', fail);
    req.on('socket', (socket) => socket.unref());
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    req.end(options.body);
  });
}
