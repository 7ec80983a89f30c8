import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { httpSend } from './http-send.js';
import { InfluxError, type InfluxErrorCode } from './influx-error.js';
import { redact } from './redact.js';
import type { WriteRequest } from './write-target.js';

const gzip = promisify(gzipCallback);

/**
 * What to do after an answer: `backoff` (a passing fault: retry, waiting longer each time), `slow` (needs a person:
 * retry at the longest delay, so the server is not hammered), `split` (too large: send halves), `never` (the
 * points themselves are refused: set them aside).
 */
export type RetryPolicy = 'backoff' | 'slow' | 'split' | 'never';

/** `reason`: the server's own words about a refused batch (redacted), for rejected.lp. */
export type SendOutcome = { ok: true } | { ok: false; error: InfluxError; retry: RetryPolicy; retryAfterMs?: number; reason: string };

export interface SendOptions {
  /** Default true. */
  gzip?: boolean;
  /** Milliseconds before a request counts as failed. Default 30 000. */
  timeout?: number;
  signal?: AbortSignal;
}

interface Answer {
  matches(status: number, message: string): boolean;
  code: InfluxErrorCode;
  retry: RetryPolicy;
  hint: string;
}

const NOT_FOUND = /\b(database|bucket|org(anization)?|namespace)\b/i;

/** Every non-2xx answer of the three APIs, first match wins. */
const ANSWERS: readonly Answer[] = [
  { matches: (s) => s === 400 || s === 422, code: 'rejected', retry: 'never', hint: "the server refused points; the batch is split until they are found, and they go to the spool's rejected.lp" },
  { matches: (s) => s === 401 || s === 403, code: 'unauthorized', retry: 'slow', hint: 'check the username/password or token and its permission to write there' },
  { matches: (s, m) => s === 404 && NOT_FOUND.test(m), code: 'database-not-found', retry: 'slow', hint: 'create it or correct the name' },
  { matches: (s) => s === 413, code: 'rejected', retry: 'split', hint: 'too large: a batch is split until it fits; a single line that does not is kept in rejected.lp' },
  { matches: (s) => s === 408 || s === 429 || s >= 500, code: 'unavailable', retry: 'backoff', hint: 'retrying' },
  { matches: () => true, code: 'request-failed', retry: 'slow', hint: 'check the url and the version' },
];

/** The server's own words: `{"error": ...}` (1.x), `{"message": ...}` (2.x, 3.x) or the text, cut short. */
function serverMessage(body: string): string {
  let message = body;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    message = String(json.error ?? json.message ?? body);
  } catch {
    // Not JSON: the text is the message.
  }
  // Control characters (an echoed bad line, an escape sequence) never reach a log or a terminal.
  message = message.trim().replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

function retryAfter(header: string | string[] | undefined): number | undefined {
  const seconds = typeof header === 'string' ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** POSTs one batch of line protocol; never throws, and no secret of the request reaches the outcome. */
export async function sendBatch(request: WriteRequest, body: Uint8Array<ArrayBuffer>, options: SendOptions = {}): Promise<SendOutcome> {
  const compress = options.gzip !== false;
  const headers = compress ? { ...request.headers, 'content-encoding': 'gzip' } : request.headers;
  let status: number;
  let text: string;
  let retryAfterMs: number | undefined;
  try {
    const payload: Uint8Array<ArrayBuffer> = compress ? await gzip(body) : body;
    const answer = await httpSend(request.url, { method: 'POST', headers, body: payload, timeout: options.timeout ?? 30_000, ...(options.signal && { signal: options.signal }) });
    status = answer.status;
    // 1.x says why in a header too; the body is the same words, but a proxy may keep only the header.
    const header = answer.headers['x-influxdb-error'];
    text = answer.body.trim() === '' && typeof header === 'string' ? header : answer.body;
    retryAfterMs = retryAfter(answer.headers['retry-after']);
  } catch (cause) {
    const reason = networkReason(cause);
    // The socket's own error (`ECONNREFUSED`, a timeout) as `cause`: it names an address, never the request's secrets.
    const error = new InfluxError('unavailable', redact(`${request.description}: cannot write (${reason}); retrying`, request.secrets), { cause });
    return { ok: false, error, retry: 'backoff', reason };
  }
  if (status >= 200 && status < 300) return { ok: true };
  // Redacted before it is cut short, so no part of a secret survives at the cut.
  const message = serverMessage(redact(text, request.secrets));
  const answer = ANSWERS.find((a) => a.matches(status, message))!;
  const error = new InfluxError(
    answer.code,
    redact(`${request.description}: ${status}${message === '' ? '' : ` "${message}"`}; ${answer.hint}`, request.secrets),
    { status },
  );
  const reason = `${status}${message === '' ? '' : ` ${message}`}`;
  return retryAfterMs === undefined ? { ok: false, error, retry: answer.retry, reason } : { ok: false, error, retry: answer.retry, retryAfterMs, reason };
}

/**
 * Whether the server answers at all (`GET /ping`, which all three versions and VictoriaMetrics serve without
 * credentials): any answer below 500 counts, so a cheap probe can tell when an outage is over. Never throws.
 */
export async function probe(request: WriteRequest, timeout: number): Promise<{ up: true } | { up: false; reason: string }> {
  try {
    const { status } = await httpSend(request.pingUrl, { timeout });
    // A proxy in front of a server that is down answers 502 or 503: not up yet.
    return status < 500 ? { up: true } : { up: false, reason: `${status}` };
  } catch (cause) {
    return { up: false, reason: networkReason(cause) };
  }
}

/** `ECONNREFUSED`, `timeout`, ...: the reason without the request, which a cause could carry. */
export function networkReason(cause: unknown): string {
  const e = cause as { name?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  if (e?.name === 'TimeoutError') return 'timeout';
  if (e?.name === 'AbortError') return 'aborted';
  const inner = e?.cause?.code ?? e?.code ?? e?.cause?.message;
  return typeof inner === 'string' ? inner : 'network error';
}
