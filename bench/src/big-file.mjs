// Peak memory on a large capture: a ~1 GB file made by repeating the corpus, streamed by a child process. The file
// lives in a temporary folder that is removed afterwards, also when something fails or the bench exits early
// (run.mjs turns Ctrl-C into an exit, so the 'exit' hook runs).
import { createWriteStream, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runNodeChild } from './child.mjs';

/** Writes `bytes` again and again to `file` through one write stream until `targetBytes` is reached. */
async function writeCapture(file, bytes, targetBytes) {
  const out = createWriteStream(file);
  let written = 0;
  while (written < targetBytes) {
    if (!out.write(bytes)) await once(out, 'drain');
    written += bytes.length;
  }
  out.end();
  await finished(out);
  return written;
}

/** Streams a capture of about `targetBytes` made from `bytes`; `{ skipped: reason }` when the disk is too full. */
export async function measureBigFile(bytes, targetBytes) {
  const { bavail, bsize } = statfsSync(tmpdir());
  if (bavail * bsize < targetBytes * 1.2) return { skipped: `only ${Math.floor((bavail * bsize) / 1e6)} MB free in ${tmpdir()}` };
  const dir = mkdtempSync(join(tmpdir(), 'p1-bench-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup);
  try {
    const file = join(dir, 'capture.txt');
    const start = performance.now();
    const size = await writeCapture(file, bytes, targetBytes);
    const writeSeconds = (performance.now() - start) / 1000;
    const streamed = await runNodeChild('./stream-child.mjs', [file], ['--expose-gc']);
    const { maxRssKiB: idleRssKiB } = await runNodeChild('./baseline-child.mjs');
    return { size, writeSeconds, idleRssKiB, ...streamed };
  } finally {
    process.off('exit', cleanup);
    cleanup();
  }
}
