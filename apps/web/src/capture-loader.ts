import type { CaptureReply } from './capture-worker.js';
import { mergeCaptures, telegramStart } from './merge-captures.js';
import type { CaptureResult } from './parse-capture.js';

/** Files from this size on are cut into parts parsed side by side, one worker per core (at most `MAX_WORKERS`). */
const PART_BYTES = 16 * 2 ** 20;
const MAX_WORKERS = 4;
/** How far past a cut to look for the next telegram's start: many telegrams' worth. */
const SEARCH_BYTES = 2 ** 20;

/** Parses a blob in a Web Worker; `onProgress` gets the bytes read so far. */
function parseInWorker(blob: Blob, name: string, onProgress: (bytes: number) => void): Promise<CaptureResult> {
  const worker = new Worker(new URL('./capture-worker.ts', import.meta.url), { type: 'module', name: 'p1-capture' });
  const file = blob instanceof File ? blob : new File([blob], name);
  return new Promise<CaptureResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<CaptureReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return onProgress(reply.bytes);
      worker.terminate();
      if (reply.type === 'done') resolve(reply.result);
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`the file could not be parsed: ${event.message}`));
    };
    worker.postMessage({ file });
  });
}

/** Where to cut `file` into `parts` pieces, each cut at a telegram's start (fewer cuts where none is found). */
async function cutPoints(file: File, parts: number): Promise<number[]> {
  const cuts = [0];
  for (let i = 1; i < parts; i++) {
    const near = Math.floor((file.size * i) / parts);
    if (near <= cuts[cuts.length - 1]!) continue;
    const window = new Uint8Array(await file.slice(near - 1, near - 1 + SEARCH_BYTES).arrayBuffer());
    const at = telegramStart(window, 1);
    if (at >= 0) cuts.push(near - 1 + at);
  }
  return [...new Set(cuts), file.size];
}

/**
 * Parses a capture file off the page's thread, with a share of the bytes read (0-1) as it goes. A big file is cut
 * at telegram starts into parts parsed by one worker per core and merged into what a single pass gives. Rejects
 * with a message for the page.
 */
export async function loadCapture(file: File, onProgress: (share: number) => void): Promise<{ result: CaptureResult; workers: number }> {
  const workers = Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1, Math.ceil(file.size / PART_BYTES));
  const cuts = workers > 1 ? await cutPoints(file, workers) : [0, file.size];
  const read = new Array<number>(cuts.length - 1).fill(0);
  const progress = (i: number) => (bytes: number) => {
    read[i] = bytes;
    onProgress(read.reduce((a, b) => a + b, 0) / Math.max(1, file.size));
  };
  const whole = async () => ({ result: await parseInWorker(file, file.name, progress(0)), workers: 1 });
  if (cuts.length === 2) return whole();
  const parts = await Promise.all(cuts.slice(0, -1).map((start, i) => parseInWorker(file.slice(start, cuts[i + 1]), file.name, progress(i))));
  // Telegrams without a time of their own are timed from the file's date by their place in it: only one pass can.
  if (parts.some((p) => p.estimatedTimes)) return whole();
  return { result: mergeCaptures(file.name, parts), workers: parts.length };
}
