// Parses a dropped capture file off the page's thread, so that a day of telegrams never freezes the page.
import { parseCapture } from './parse-capture.js';

/** What the page sends: the file. */
export interface CaptureRequest {
  file: File;
}

/** What the worker answers: progress, then the result or why there is none. */
export type CaptureReply =
  | { type: 'progress'; bytes: number; total: number }
  | { type: 'done'; result: Awaited<ReturnType<typeof parseCapture>> }
  | { type: 'failed'; message: string };

const post = (reply: CaptureReply): void => postMessage(reply);
/** Progress messages at most this often: a message per chunk would cost more than the parsing. */
const PROGRESS_EVERY_BYTES = 2 ** 21;

async function* chunksOf(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

onmessage = async (event: MessageEvent<CaptureRequest>) => {
  const { file } = event.data;
  let reported = 0;
  try {
    const result = await parseCapture({ name: file.name, size: file.size, lastModified: file.lastModified, chunks: chunksOf(file) }, (bytes) => {
      if (bytes - reported >= PROGRESS_EVERY_BYTES) {
        reported = bytes;
        post({ type: 'progress', bytes, total: file.size });
      }
    });
    post({ type: 'done', result });
  } catch (error) {
    // Only reading the file can fail here (the parser does not throw on content): a file moved or unreadable.
    post({ type: 'failed', message: `${file.name} could not be read: ${(error as Error).message}` });
  }
};
