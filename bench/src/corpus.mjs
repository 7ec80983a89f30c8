// The benchmark corpus, made at run time from a seed: nothing large is committed, and the same seed gives the same
// bytes, so runs are comparable. Each telegram is sealed with @p1/core's own crc16, so every one must pass a strict
// CRC check; a corpus the parser rejects would measure the error path instead.
import { crc16 } from '@p1/core';
import { DSMR42_MIX, DSMR5_AM550, EMUCS_MIX } from './models.mjs';
import { createRng } from '@p1/emulator/internal';
import { SimulatedMeter } from './meter.mjs';

/** The corpora: meters interleaved telegram by telegram. The DSMR ones cross a summer-time switch within a day. */
export const CORPORA = {
  dsmr5: { title: 'DSMR 5 three-phase + gas', models: [DSMR5_AM550], start: Date.UTC(2024, 2, 30, 12), salt: 5 },
  dsmr42: { title: 'DSMR 4.2 mix', models: DSMR42_MIX, start: Date.UTC(2024, 9, 26, 18), salt: 42 },
  emucs: { title: 'eMUCs 1.7 mix', models: EMUCS_MIX, start: Date.UTC(2025, 0, 14, 8), salt: 17 },
};

/** `count` telegrams (strings, '/' through the CRC line's CRLF) of one corpus. */
export function generateTelegrams(kind, count, seed = 1) {
  const corpus = CORPORA[kind];
  if (corpus === undefined) throw new Error(`unknown corpus "${kind}" (${Object.keys(CORPORA).join(', ')})`);
  const meters = corpus.models.map((model, k) => {
    // A stream of its own per meter, so adding a meter to a mix does not change the others' values.
    const rand = createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(corpus.salt + k, 0x85ebca6b)) >>> 0);
    return new SimulatedMeter(rand, model, corpus.start);
  });
  const telegrams = new Array(count);
  for (let i = 0; i < count; i++) {
    const meter = meters[i % meters.length];
    telegrams[i] = seal([`/${meter.model.header}`, '', ...meter.model.lines(meter)]);
    meter.step();
  }
  return telegrams;
}

/** Lines -> telegram text: CRLF endings, '!' and the CRC-16/ARC of '/' through '!' in 4 upper-case hex digits. */
export function seal(lines) {
  const body = `${lines.join('\r\n')}\r\n!`;
  const crc = crc16(Buffer.from(body, 'latin1'));
  return `${body}${crc.toString(16).toUpperCase().padStart(4, '0')}\r\n`;
}

/** The telegrams as one capture: the byte stream a serial port or a file would deliver. */
export function corpusBytes(telegrams) {
  return Buffer.from(telegrams.join(''), 'latin1');
}
