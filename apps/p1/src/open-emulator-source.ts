import { readTelegrams } from '@p1/core';
import { loadPackage } from './load-package.js';
import type { MeterSource, SourceEvents } from './meter-source.js';
import type { SourceSpec } from './source-settings.js';

type Emulator = typeof import('@p1/emulator');

/** The emulator as a source: its bytes go through the same decoder a real meter's do. It sends its first telegram at once. */
export async function openEmulatorSource(spec: Extract<SourceSpec, { kind: 'emulator' }>, events: SourceEvents): Promise<MeterSource> {
  const { P1Emulator } = await loadPackage<Emulator>('@p1/emulator', 'The emulator');
  const { profile, speed, seed, start, decryption } = spec;
  // An encrypting emulator (smarty) seals with the user's key, and its bytes are decrypted like a real meter's.
  const encryption = decryption && { key: decryption.decryptionKey, ...(decryption.authenticationKey !== undefined && { authenticationKey: decryption.authenticationKey }) };
  const emulator = new P1Emulator({ profile, speed, seed, realistic: !spec.steady, ...(start !== undefined && { start }), ...(encryption && { encryption }) });
  const onError = events.onTelegramError;
  return {
    telegrams: readTelegrams(emulator, { ...(onError && { onError }), ...decryption }),
    close: async () => emulator.stop(),
  };
}
