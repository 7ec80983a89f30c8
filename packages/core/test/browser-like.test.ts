import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { build } from 'tsup';
import { body, seal } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The package's source bundled on its own (as a browser bundler would) and run in a fresh V8 context that has only
 * what browsers have (TextDecoder, web streams, no require, process or Buffer): proof that nothing in it needs Node.
 */
describe('@p1/core in a context with browser globals only', () => {
  it('parses a telegram and streams telegrams there', async () => {
    const outDir = join(root, 'node_modules/.browser-like');
    await build({ entry: [join(root, 'src/index.ts')], format: ['iife'], globalName: 'p1', outDir, platform: 'browser', silent: true, dts: false, config: false });
    const code = readFileSync(join(outDir, 'index.global.js'), 'utf8');
    const context: Record<string, unknown> = { TextDecoder, TransformStream, ReadableStream };
    runInNewContext(code, context);
    const p1 = context.p1 as typeof import('../src/index.js');
    const text = seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '0-0:1.0.0(101209113020W)', '1-0:1.8.1(000123.456*kWh)']));
    const telegram = p1.parseTelegram(text);
    expect(telegram.crc?.valid).toBe(true);
    expect(telegram.reading.timestamp).toBe('2010-12-09T10:30:20.000Z');
    expect(telegram.reading.electricity.received.tariff1.reading).toBe(123.456);

    const bytes = Uint8Array.from(text + text, (c) => c.charCodeAt(0));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 50));
        controller.enqueue(bytes.subarray(50));
        controller.close();
      },
    }).pipeThrough(new p1.TelegramStream());
    const reader = stream.getReader();
    let count = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) count++;
    expect(count).toBe(2);

    // Smarty decryption needs no WebCrypto (and no secure context): the public test frame decrypts there too.
    const fixture = join(root, '../../fixtures/encrypted/est5-sagemcom-t210-d-r-esphome');
    const frame = new Uint8Array(readFileSync(`${fixture}.bin`));
    const decoder = new p1.EncryptedTelegramDecoder({ decryptionKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    const results = [...decoder.push(frame), ...decoder.end()];
    expect(results.map((r) => r.type)).toEqual(['telegram']);
    const decrypted = (results[0] as { telegram: { raw: string; decryption?: { frameCounter: number } } }).telegram;
    expect(decrypted.raw).toBe(readFileSync(`${fixture}.plain.txt`, 'latin1'));
    expect(decrypted.decryption?.frameCounter).toBe(0x10000001);
  });
});
