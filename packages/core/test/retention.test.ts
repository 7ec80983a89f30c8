// Issue #12: no parser state keeps a finished input alive. An 8 MB capture is parsed in one push (and by
// parseTelegram), everything but the decoder is dropped, and after a full GC the input must be gone: a WeakRef for
// a buffer, the heap's size for a string (strings cannot be held weakly).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { latin1Bytes, parseTelegram, type Reading, TelegramDecoder } from '../src/index.js';
import { loadFixtures } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A full GC after the current job: WeakRef targets stay alive until it ends. */
async function collect(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** ~8 MB of real telegrams with valid CRCs, as one capture. */
function capture(): string {
  const sealed = loadFixtures().filter((f) => f.expected.crc === 'valid');
  const text = sealed.map((f) => String.fromCharCode(...f.bytes)).join('');
  return text.repeat(Math.ceil(8e6 / text.length));
}

describe('retention (issue #12)', () => {
  it('keeps nothing of an 8 MB buffer pushed whole once its telegrams are dropped', async () => {
    const decoder = new TelegramDecoder();
    let input: Uint8Array | undefined = latin1Bytes(capture());
    const ref = new WeakRef(input);
    let last: Reading | undefined;
    let count = 0;
    for (const result of decoder.push(input)) {
      expect(result.type).toBe('telegram');
      if (result.type === 'telegram') last = result.telegram.reading;
      count++;
    }
    input = undefined;
    await collect();
    expect(count).toBeGreaterThan(5_000);
    expect(last?.meterType).toBeTypeOf('string'); // what a caller keeps of it is still there
    expect(ref.deref()).toBeUndefined();
  }, 120_000);

  it('keeps nothing of an 8 MB string given to parseTelegram and to a decoder', async () => {
    const before = await collect();
    let text: string | undefined = capture();
    const decoder = new TelegramDecoder();
    let telegrams = 0;
    for (const r of decoder.push(text)) if (r.type === 'telegram' && r.telegram.reading) telegrams++;
    const first = parseTelegram(text);
    expect(first.reading.meterType).toBeTypeOf('string');
    expect(telegrams).toBeGreaterThan(5_000);
    const holding = process.memoryUsage().heapUsed;
    text = undefined;
    const after = await collect();
    expect(holding - before).toBeGreaterThan(8e6); // the string (and the telegrams) were there
    expect(after - before).toBeLessThan(4e6); // and are gone, but for the memo's few lines
  }, 120_000);
});
