// Smarty decryption throughput (issue #17): encrypted frames/s through core's EncryptedTelegramDecoder, against the
// same telegrams in plain text, core's AES-128-GCM alone, Node's OpenSSL (AES-NI) and WebCrypto (async). Cases run
// round-robin, median of the rounds. `node src/decrypt.mjs [--frames N] [--rounds N]`, or the last part of `pnpm bench`.
import { createDecipheriv, webcrypto } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EncryptedTelegramDecoder, TelegramDecoder } from '@p1/core';
import { Aes128Gcm } from '@p1/core/internal';
import { MeterEmulator } from '@p1/emulator';
import { median } from './timing.mjs';

const KEY = '6B9A1D0C53E27F4480A1C3E5F7092B4D';
const CHUNK = 64 * 1024;
const AAD = Buffer.concat([Buffer.of(0x30), Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex')]);

/** `count` frames of an emulated Smarty household, as one stream in 64 KiB chunks and one by one. */
function corpus(count, seed) {
  const meter = new MeterEmulator({ profile: 'smarty', encryption: { key: KEY }, realistic: true, seed, start: '2026-01-05T00:00:00Z' });
  const frames = [];
  const plaintexts = [];
  for (let i = 0; i < count; i++) {
    const { bytes, plaintext } = meter.next();
    frames.push(bytes);
    plaintexts.push(plaintext);
  }
  const chunked = (parts) => {
    const all = Buffer.concat(parts);
    const chunks = [];
    for (let at = 0; at < all.length; at += CHUNK) chunks.push(all.subarray(at, at + CHUNK));
    return { chunks, bytes: all.length };
  };
  // Per frame: IV, ciphertext and tag cut out once, so the AES-GCM cases time the cipher only.
  const parts = frames.map((f) => ({ iv: Buffer.concat([f.subarray(2, 10), f.subarray(14, 18)]), text: f.subarray(18, f.length - 12), tag: f.subarray(f.length - 12) }));
  return { count, frames, parts, encrypted: chunked(frames), plain: chunked(plaintexts) };
}

const stream = (decoder, chunks, parse) => {
  let count = 0;
  let sink = 0;
  const take = (results) => {
    for (const r of results) {
      if (r.type !== 'telegram') throw new Error(`bench corpus: ${r.error.code}`);
      count++;
      sink += parse ? r.telegram.reading.electricity.instantaneous.voltage.L1.reading : r.telegram.raw.length;
    }
  };
  for (const chunk of chunks) take(decoder.push(chunk));
  take(decoder.end());
  return { count, sink };
};

const CASES = [
  { label: 'core EncryptedTelegramDecoder: find, decrypt, parse (reading)', bytes: 'encrypted', run: (w) => stream(new EncryptedTelegramDecoder({ decryptionKey: KEY }), w.encrypted.chunks, true) },
  { label: 'core EncryptedTelegramDecoder: find, decrypt, frame (no parse)', bytes: 'encrypted', run: (w) => stream(new EncryptedTelegramDecoder({ decryptionKey: KEY }), w.encrypted.chunks, false) },
  { label: 'core TelegramDecoder, the same telegrams in plain text (reading)', bytes: 'plain', run: (w) => stream(new TelegramDecoder(), w.plain.chunks, true) },
  {
    label: 'core Aes128Gcm.decrypt alone (tag + CTR), per frame',
    bytes: 'encrypted',
    run: (w) => {
      const gcm = new Aes128Gcm(Buffer.from(KEY, 'hex'));
      let sink = 0;
      for (const p of w.parts) sink += gcm.decrypt(p.iv, p.text, AAD, p.tag)[0];
      return { count: w.parts.length, sink };
    },
  },
  {
    label: 'node:crypto aes-128-gcm (OpenSSL, AES-NI), per frame',
    bytes: 'encrypted',
    run: (w) => {
      const key = Buffer.from(KEY, 'hex');
      let sink = 0;
      for (const p of w.parts) {
        const d = createDecipheriv('aes-128-gcm', key, p.iv, { authTagLength: 12 });
        d.setAAD(AAD);
        d.setAuthTag(p.tag);
        sink += d.update(p.text)[0] + d.final().length;
      }
      return { count: w.parts.length, sink };
    },
  },
  {
    label: 'WebCrypto subtle.decrypt (async), one frame at a time',
    bytes: 'encrypted',
    run: async (w) => {
      const key = await webcrypto.subtle.importKey('raw', Buffer.from(KEY, 'hex'), 'AES-GCM', false, ['decrypt']);
      let sink = 0;
      for (const p of w.parts) {
        const out = await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv: p.iv, additionalData: AAD, tagLength: 96 }, key, Buffer.concat([p.text, p.tag]));
        sink += out.byteLength;
      }
      return { count: w.parts.length, sink };
    },
  },
];

/** Round-robin timing like timing.mjs, awaiting the async case. */
async function time(workload, warmup, rounds) {
  for (const c of CASES) await c.run(warmup);
  const seconds = CASES.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of CASES.entries()) {
      const start = performance.now();
      const { count } = await c.run(workload);
      seconds[i].push((performance.now() - start) / 1000);
      if (count !== workload.count) throw new Error(`${c.label}: ${count} of ${workload.count} frames`);
    }
  }
  return CASES.map((c, i) => ({ ...c, seconds: median(seconds[i]), spread: (Math.max(...seconds[i]) - Math.min(...seconds[i])) / median(seconds[i]) }));
}

/** The decryption table, as text. */
export async function decryptReport({ frames = 10000, rounds = 7, seed = 1 } = {}) {
  const workload = corpus(frames, seed);
  const results = await time(workload, corpus(500, seed + 1), rounds);
  const perFrame = workload.encrypted.bytes / frames;
  const byLabel = (start) => results.find((r) => r.label.startsWith(start));
  const rate = (r) => frames / r.seconds;
  const lines = [
    `Smarty decryption: ${frames} encrypted frames of an emulated household (${perFrame.toFixed(0)} B each), ${rounds} rounds, median`,
    '| case | frames/s | MB/s | spread |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.label} | ${Math.round(rate(r)).toLocaleString('en')} | ${(workload[r.bytes].bytes / r.seconds / 1e6).toFixed(1)} | ${(100 * r.spread).toFixed(0)} % |`),
    '',
    `decrypt + parse / plain parse: ${(rate(results[0]) / rate(byLabel('core TelegramDecoder'))).toFixed(2)}x; ` +
      `core AES-GCM / OpenSSL: ${(rate(byLabel('core Aes128Gcm')) / rate(byLabel('node:crypto'))).toFixed(2)}x; ` +
      `core AES-GCM / WebCrypto one at a time: ${(rate(byLabel('core Aes128Gcm')) / rate(byLabel('WebCrypto'))).toFixed(2)}x; ` +
      `a Smarty sends 0.1 frames/s.`,
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { frames: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '7' }, seed: { type: 'string', default: '1' } } });
  console.log(await decryptReport({ frames: Number(values.frames), rounds: Number(values.rounds), seed: Number(values.seed) }));
}
