import { isP1Error } from '@p1/core';
import { CliError } from './cli-error.js';
import { ConnectionNews } from './connection-news.js';
import { explainDeviceError } from './explain-device-error.js';
import { loadPackage } from './load-package.js';
import type { MeterSource, SourceEvents } from './meter-source.js';
import type { SourceSpec } from './source-settings.js';

type Serial = typeof import('@p1/serial');

/**
 * Faults of a first connection that waiting will not fix: p1 says what to do and stops, rather than retrying a
 * typo forever. After a first connection, every fault is retried (a USB adapter re-plugged, a dongle rebooted).
 */
const FATAL_AT_START = new Set(['port-not-found', 'permission-denied', 'port-busy', 'not-a-serial-port', 'host-not-found', 'connection-refused', 'binding-unavailable']);

/** A serial port or a network dongle through @p1/serial, which reconnects on its own once connected. */
export async function openSerialSource(spec: Extract<SourceSpec, { kind: 'serial' | 'tcp' }>, events: SourceEvents): Promise<MeterSource> {
  const { P1Reader } = await loadPackage<Serial>('@p1/serial', spec.kind === 'serial' ? 'Reading a serial port' : 'Reading a network dongle');
  const port = spec.kind === 'serial' ? spec.path : spec.url;
  const reader = new P1Reader({ port, crcAlgorithm: spec.crcAlgorithm, ...(spec.kind === 'serial' ? spec.line : {}), ...spec.decryption });
  let connected = false;
  let fatal: CliError | null = null;
  const news = new ConnectionNews(port);
  reader.on('connected', (info) => {
    connected = true;
    events.onStatus?.(news.connected(info.connects));
  });
  reader.on('reconnecting', (info) => {
    if (fatal !== null || (FATAL_AT_START.has(info.error.code) && !connected)) return;
    const message = news.reconnecting(info.error.message);
    if (message !== null) events.onStatus?.(message);
  });
  reader.on('error', (error) => {
    if (isP1Error(error)) return events.onTelegramError?.(error);
    if (!connected && FATAL_AT_START.has(error.code)) {
      fatal = new CliError((spec.kind === 'serial' && explainDeviceError(error, spec.path)) || error.message);
      void reader.close();
    }
  });
  return {
    telegrams: {
      async *[Symbol.asyncIterator]() {
        try {
          yield* reader;
        } catch (error) {
          // The reader gave up (reconnect limits): its message says why and what to check.
          throw new CliError((error as Error).message);
        }
        if (fatal !== null) throw fatal;
      },
    },
    close: () => reader.close(),
  };
}
