import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { DashboardFile } from './dashboard-files.js';
import type { EventFeed } from './event-feed.js';
import type { HistoryRows } from './reading-history.js';

const gzipAsync = promisify(gzip);

/** What the HTTP side asks of the service. */
export interface ServeState {
  files: ReadonlyMap<string, DashboardFile>;
  feed: EventFeed;
  /** The newest reading as JSON, or null before the first. */
  latestJson(): string | null;
  statusJson(): string;
  /** The events a new feed client gets first. */
  initialEvents(): string;
  history(query: { since?: number; after?: number }): HistoryRows & { instance: string };
  /** Bound to a loopback address: only requests that name the machine itself are answered (see below). */
  loopbackOnly: boolean;
}

// The page loads only its own files and talks only to this server; a text message that somehow became markup
// could still run no script. (uPlot sets element styles from script, which style-src does not govern.)
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * A web page elsewhere can make a browser on this machine request `http://evil.example:8080/` after pointing that
 * name at 127.0.0.1 (DNS rebinding) and read the meter. A server bound to loopback therefore answers only requests
 * whose Host is a loopback name.
 */
function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

function send(request: IncomingMessage, response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(request.method === 'HEAD' ? undefined : body);
}

const sendJson = (request: IncomingMessage, response: ServerResponse, status: number, json: string): void =>
  send(request, response, status, 'application/json; charset=utf-8', json, { 'cache-control': 'no-store' });

const problem = (request: IncomingMessage, response: ServerResponse, status: number, message: string): void =>
  sendJson(request, response, status, JSON.stringify({ error: message }));

/** `since` as ms or an ISO time; `after` as a sequence number. A wrong value is a 400 that says which. */
function historyQuery(url: URL): { since?: number; after?: number } | string {
  const since = url.searchParams.get('since');
  const after = url.searchParams.get('after');
  if (after !== null) {
    const n = Number(after);
    return Number.isInteger(n) && n >= 0 ? { after: n } : `after must be a reading's sequence number (a whole number >= 0), got "${after}"`;
  }
  if (since !== null) {
    const n = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    return Number.isNaN(n) ? `since must be a time in ms or ISO 8601, got "${since}"` : { since: n };
  }
  return {};
}

async function sendHistory(request: IncomingMessage, response: ServerResponse, rows: HistoryRows & { instance: string }): Promise<void> {
  const json = JSON.stringify(rows);
  // A day at one reading a second is some megabytes of numbers: worth compressing for a phone on Wi-Fi.
  if (json.length > 4096 && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    const body = await gzipAsync(json);
    return send(request, response, 200, 'application/json; charset=utf-8', body, { 'content-encoding': 'gzip', vary: 'accept-encoding', 'cache-control': 'no-store' });
  }
  sendJson(request, response, 200, json);
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: DashboardFile): void {
  const gzipped = file.gzipped !== null && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  send(request, response, 200, file.type, gzipped ? file.gzipped! : file.body, {
    ...PAGE_HEADERS,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
    ...(gzipped && { 'content-encoding': 'gzip' }),
  });
}

/** The request handler of p1 serve: the dashboard's files and the API. Never throws. */
export function serveRequests(state: ServeState): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void handle(state, request, response).catch((error: unknown) => {
      if (!response.headersSent) problem(request, response, 500, `internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  };
}

async function handle(state: ServeState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (state.loopbackOnly && !isLoopbackHost(request.headers.host)) {
    return problem(request, response, 421, 'this p1 serve answers only at localhost; start it with --host to open it to the network');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return problem(request, response, 405, `${request.method} is not allowed: the dashboard only reads`);
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/api/reading': {
      const latest = state.latestJson();
      return latest === null ? problem(request, response, 503, 'no reading yet: the meter has not sent a valid telegram since p1 serve started') : sendJson(request, response, 200, latest);
    }
    case '/api/readings': {
      const query = historyQuery(url);
      return typeof query === 'string' ? problem(request, response, 400, query) : sendHistory(request, response, state.history(query));
    }
    case '/api/status':
      return sendJson(request, response, 200, state.statusJson());
    case '/api/events':
      if (!state.feed.add(request, response, state.initialEvents())) problem(request, response, 503, 'too many live clients');
      return;
  }
  const file = state.files.get(url.pathname);
  if (file !== undefined) return sendFile(request, response, file);
  problem(request, response, 404, `no such page: ${url.pathname}`);
}
