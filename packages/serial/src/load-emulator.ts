import type { SerialBinding } from './serial-binding.js';
import type { ProfileId } from '@p1/core';
import { P1SerialError } from './p1-serial-error.js';

/**
 * The seed's `emulatorOverrides` (all optional, the seed's defaults) plus any other option of @p1/emulator's
 * `P1Emulator` (`profile`, `speed`, `seed`, `realistic`, `faults`, ...), passed through unchanged.
 */
export interface EmulatorOverrides {
  /** kWh on tariff 1 at the start. Default 0. */
  electricityOffset?: number;
  /** kWh added to tariff 1 every interval. Default 0.1 at a 10 s pace. */
  electricityIncrement?: number;
  /** m3 of gas at the start. Default 0. */
  gasOffset?: number;
  /** m3 of gas added every `intervalGas`. Default 0.1. */
  gasIncrement?: number;
  /** Seconds between telegrams. Default 10 (the standard's pace: 1 for `dsmr5` and `emucs`). */
  interval?: number;
  /** Seconds between gas values. Default 3600. */
  intervalGas?: number;
  /** The standard the emulated meter follows. Default `dsmr4`, as the seed's emulator. */
  profile?: ProfileId;
  /** N times faster than real time. Default 1. */
  speed?: number;
  [option: string]: unknown;
}

/** What the reader needs of @p1/emulator; typed here so that @p1/serial's types do not depend on the optional peer. */
export interface EmulatorModule {
  createEmulatorBinding(options: EmulatorOverrides & { paths?: readonly string[] }): SerialBinding;
  /** Constructed once to check the overrides up front: it throws `P1Error` `invalid-option` on a bad one. */
  P1Emulator: new (options: EmulatorOverrides) => unknown;
}

const INSTALL = 'npm install @p1/emulator (or: pnpm add @p1/emulator, yarn add @p1/emulator)';

/**
 * Loads the optional peer dependency @p1/emulator. Rejects with `P1SerialError` `emulator-missing` naming the
 * command to install it when it is not installed, and with the loader's own error (as cause) when it is but fails.
 */
export async function loadEmulator(importer: () => Promise<unknown> = () => import('@p1/emulator')): Promise<EmulatorModule> {
  try {
    return (await importer()) as EmulatorModule;
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes('@p1/emulator');
    throw new P1SerialError(
      'emulator-missing',
      missing
        ? `emulator mode needs the package @p1/emulator, which is not installed: ${INSTALL}`
        : `emulator mode needs @p1/emulator, which did not load (${(error as Error).message}); reinstall it: ${INSTALL}`,
      { cause: error },
    );
  }
}
