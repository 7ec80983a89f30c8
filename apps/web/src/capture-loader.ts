import type { CaptureReply } from './capture-worker.js';
import type { CaptureResult } from './parse-capture.js';

/** Parses a file in a Web Worker; `onProgress` gets the share read (0-1). Rejects with a message for the page. */
export function loadCapture(file: File, onProgress: (share: number) => void): Promise<CaptureResult> {
  const worker = new Worker(new URL('./capture-worker.ts', import.meta.url), { type: 'module', name: 'p1-capture' });
  return new Promise<CaptureResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<CaptureReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return onProgress(reply.total > 0 ? reply.bytes / reply.total : 0);
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
