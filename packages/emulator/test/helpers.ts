// Shared by the emulator's tests (not part of the package): decoding with @p1/core and waiting on streams.
import { TelegramDecoder, type P1Error, type Telegram, type TelegramDecoderOptions } from '@p1/core';

/** Every telegram and error a strict @p1/core decoder makes of the chunks, in order. */
export function decodeChunks(
  chunks: Iterable<Uint8Array>,
  options: TelegramDecoderOptions = {},
): { telegrams: Telegram[]; errors: P1Error[]; decoder: TelegramDecoder } {
  const decoder = new TelegramDecoder(options);
  const telegrams: Telegram[] = [];
  const errors: P1Error[] = [];
  const take = (results: ReturnType<TelegramDecoder['push']>): void => {
    for (const r of results) {
      if (r.type === 'telegram') telegrams.push(r.telegram);
      else errors.push(r.error);
    }
  };
  for (const chunk of chunks) take(decoder.push(chunk));
  take(decoder.end());
  return { telegrams, errors, decoder };
}

/** Bytes from a stream until `enough(bytes)` holds; rejects on error or when the stream ends first. */
export function collectUntil(
  stream: NodeJS.EventEmitter,
  enough: (bytes: Buffer) => boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let bytes = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      bytes = Buffer.concat([bytes, chunk]);
      if (enough(bytes)) {
        done();
        resolve(bytes);
      }
    };
    const onEnd = (): void => {
      done();
      reject(new Error(`stream ended after ${bytes.length} bytes: ${bytes.toString('latin1').slice(0, 200)}`));
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onEnd);
    stream.on('error', onError);
  });
}

/** How many complete telegrams (through the CRLF after `!` and its CRC) the text holds. */
export function countTelegrams(bytes: Buffer): number {
  return (bytes.toString('latin1').match(/\r\n![0-9A-F]{0,4}\r\n/g) ?? []).length;
}
