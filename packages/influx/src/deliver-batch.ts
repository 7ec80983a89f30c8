import { sendBatch, type SendOptions, type SendOutcome } from './send-batch.js';
import type { WriteRequest } from './write-target.js';

const NEWLINE = 0x0a;

/** A line the server refused on its own, with the server's words for why. */
export interface RejectedLine {
  line: Buffer;
  reason: string;
}

/**
 * How a batch went: `ok` with the lines written and the lines refused one by one (each isolated by splitting); or a
 * fault that is not about the lines (outage, credentials, no database), after which the whole batch is to be sent
 * again. Counts are exact: `written + rejected.length` is the batch's line count.
 */
export type Delivery =
  | { ok: true; written: number; rejected: RejectedLine[]; requests: number }
  | { ok: false; outcome: Extract<SendOutcome, { ok: false }>; requests: number };

/** The offsets where each line of `body` starts, plus its length: line i is `body[starts[i], starts[i + 1])`. */
function lineStarts(body: Buffer): number[] {
  const starts = [0];
  for (let i = body.indexOf(NEWLINE); i !== -1; i = body.indexOf(NEWLINE, i + 1)) starts.push(i + 1);
  if (starts.at(-1) !== body.length) starts.push(body.length);
  return starts;
}

/**
 * Sends a batch of whole lines; when the server refuses it (400, 422, 413), sends halves, and halves of those, until
 * each refused line stands alone. InfluxDB 1.x stores the good lines of a refused batch anyway, so sending them again
 * in a half stores nothing twice (same series and time). One bad line among n costs about 2 log2(n) requests.
 */
export async function deliverBatch(
  request: WriteRequest,
  body: Buffer,
  options: SendOptions,
  send: (request: WriteRequest, body: Buffer<ArrayBuffer>, options: SendOptions) => Promise<SendOutcome> = sendBatch,
): Promise<Delivery> {
  const starts = lineStarts(body);
  const rejected: RejectedLine[] = [];
  let written = 0;
  let requests = 0;
  // Line ranges [from, to) still to send, the next one on top.
  const todo: [number, number][] = [[0, starts.length - 1]];
  while (todo.length > 0) {
    const [from, to] = todo.pop()!;
    if (to <= from) continue;
    const part = body.subarray(starts[from], starts[to]) as Buffer<ArrayBuffer>;
    const outcome = await send(request, part, options);
    requests++;
    if (outcome.ok) {
      written += to - from;
    } else if (outcome.retry === 'never' || outcome.retry === 'split') {
      if (to - from === 1) {
        rejected.push({ line: Buffer.from(part), reason: outcome.reason });
      } else {
        const middle = from + Math.ceil((to - from) / 2);
        todo.push([middle, to], [from, middle]);
      }
    } else {
      return { ok: false, outcome, requests };
    }
  }
  return { ok: true, written, rejected, requests };
}
