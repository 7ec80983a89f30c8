import type { ReadTelegramsOptions } from './read-telegrams.js';
import type { Telegram } from './telegram.js';
import { createTelegramDecoder } from './create-telegram-decoder.js';

/**
 * A WHATWG `TransformStream` from chunks to telegrams, for Web Serial, `fetch` bodies and Node web streams:
 * `port.readable.pipeThrough(new TelegramStream())`. Errors go to `onError` and never fail the stream.
 */
export class TelegramStream extends TransformStream<Uint8Array | string, Telegram> {
  constructor(options: ReadTelegramsOptions = {}) {
    const decoder = createTelegramDecoder(options);
    super({
      transform(chunk, controller) {
        for (const result of decoder.push(chunk)) {
          if (result.type === 'telegram') controller.enqueue(result.telegram);
          else options.onError?.(result.error);
        }
      },
      flush(controller) {
        for (const result of decoder.end()) {
          if (result.type === 'telegram') controller.enqueue(result.telegram);
          else options.onError?.(result.error);
        }
      },
    });
  }
}
