import { describe, expect, it } from 'vitest';
import { type P1Error, readTelegrams, TelegramStream, type Telegram } from './index.js';
import { ascii, body, seal } from '../test/helpers.js';

const telegrams = [0, 1, 2].map((i) =>
  seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', `0-0:1.0.0(24010512000${i}W)`, `1-0:1.8.1(00000${i}.000*kWh)`])),
);
const corrupt = telegrams[1]!.replace('000001.000', '000001.001');
const stream = `garbage${telegrams[0]}${corrupt}${telegrams[2]}`;

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < text.length; i += size) yield ascii(text.slice(i, i + size));
}

describe('readTelegrams', () => {
  it('yields the telegrams of an async source and hands errors to onError', async () => {
    const errors: P1Error[] = [];
    const got: Telegram[] = [];
    for await (const t of readTelegrams(chunks(stream, 13), { onError: (e) => errors.push(e) })) got.push(t);
    expect(got.map((t) => t.reading.timestamp)).toEqual(['2024-01-05T11:00:00.000Z', '2024-01-05T11:00:02.000Z']);
    expect(errors.map((e) => e.code)).toEqual(['crc-mismatch']);
  });

  it('accepts string chunks and flushes a telegram without final CRLF at the end', async () => {
    async function* strings() {
      yield telegrams[0]!.slice(0, -2);
    }
    const got: Telegram[] = [];
    for await (const t of readTelegrams(strings())) got.push(t);
    expect(got).toHaveLength(1);
  });
});

describe('TelegramStream', () => {
  it('transforms a web ReadableStream of bytes into telegrams', async () => {
    const errors: string[] = [];
    const iterator = chunks(stream, 5);
    const source = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    const out = source.pipeThrough(new TelegramStream({ onError: (e) => errors.push(e.code) }));
    const got: Telegram[] = [];
    const reader = out.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
    expect(got.map((t) => t.reading.electricity.received.tariff1.reading)).toEqual([0, 2]);
    expect(errors).toEqual(['crc-mismatch']);
  });
});
