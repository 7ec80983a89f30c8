// The predecessor, p1-reader 2.0.6, called through its own parse function. Its constructor opens a serial port,
// so the bench requires lib/parsePacket.js directly (a CommonJS file, hence createRequire).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** p1-reader's `parsePacket(text)`: telegram text -> its reading object. */
export const parsePacket = require('p1-reader/lib/parsePacket.js');

/**
 * Runs `fn` with console.error replaced by `sink` (default: a no-op). parsePacket logs every line it does not know,
 * and the '!CRC' line is one of them (its serial reader cut telegrams at '!', so it never met that line): printing
 * 100,000 lines would time the terminal, not the parser.
 */
export function withConsoleError(fn, sink = () => {}) {
  const original = console.error;
  console.error = sink;
  try {
    return fn();
  } finally {
    console.error = original;
  }
}

/** What p1-reader complains about in `telegrams`, CRC digits blanked: only 'Unable to parse line: !XXXX' is ideal. */
export function predecessorComplaints(telegrams) {
  const complaints = [];
  withConsoleError(() => telegrams.forEach((t) => parsePacket(t)), (message) => complaints.push(String(message)));
  const kinds = new Set(complaints.map((c) => c.replace(/^(Unable to parse line: !)[0-9A-F]{4}$/, '$1XXXX')));
  return { perTelegram: complaints.length / telegrams.length, kinds: [...kinds] };
}
