// The four timed cases. Each takes a workload and returns how many telegrams it got through (checked against the
// corpus, so a case that silently drops telegrams cannot look fast) and a sink value that keeps the work observable.
import { FrameDecoder, TelegramDecoder } from '@p1/core';
import { bareCrc16 } from './bare-crc.mjs';
import { parsePacket, withConsoleError } from './predecessor.mjs';
import { drain, touch } from './workload.mjs';

/** Feeds the chunks to `decoder` and counts the results `weigh` accepts (a number for those, the sink; else null). */
function countResults(decoder, chunks, weigh) {
  let count = 0;
  let sink = 0;
  drain(decoder, chunks, (result) => {
    const weight = weigh(result);
    if (weight === null) return;
    count++;
    sink += weight;
  });
  return { count, sink };
}

export const CASES = [
  {
    key: 'predecessor',
    label: 'p1-reader 2.0.6 parsePacket (pre-split strings)',
    run({ telegrams }) {
      let sink = 0;
      withConsoleError(() => {
        for (const text of telegrams) sink += parsePacket(text).electricity.received.tariff1.reading;
      });
      return { count: telegrams.length, sink };
    },
  },
  {
    key: 'decode',
    label: '@p1/core FrameDecoder (decode + CRC)',
    run: ({ chunks }) =>
      countResults(new FrameDecoder(), chunks, (r) => (r.type === 'frame' && r.frame.crc?.valid ? r.frame.raw.length : null)),
  },
  {
    key: 'full',
    label: '@p1/core TelegramDecoder (full parse)',
    run: ({ chunks }) =>
      countResults(new TelegramDecoder(), chunks, (r) => (r.type === 'telegram' ? touch(r.telegram) : null)),
  },
  {
    key: 'crc',
    label: 'bare CRC-16/ARC table loop (floor)',
    run({ bytes, count }) {
      return { count, sink: bareCrc16(bytes) };
    },
  },
];
