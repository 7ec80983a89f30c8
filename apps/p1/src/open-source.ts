import { CliError } from './cli-error.js';
import type { MeterSource, SourceEvents } from './meter-source.js';
import { openEmulatorSource } from './open-emulator-source.js';
import { openSerialSource } from './open-serial-source.js';
import type { SourceSpec } from './source-settings.js';

/** Opens what the spec names; throws a `CliError` that says what to fix when the device cannot be opened. */
export async function openSource(spec: SourceSpec, events: SourceEvents = {}): Promise<MeterSource> {
  try {
    return spec.kind === 'emulator' ? await openEmulatorSource(spec, events) : await openSerialSource(spec, events);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
}
