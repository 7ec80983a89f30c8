import type { SerialBinding } from './serial-binding.js';
import { P1SerialError } from './p1-serial-error.js';

let loading: Promise<SerialBinding> | undefined;

/**
 * serialport's native binding for this platform, loaded on first use: its native part loads when imported, and a
 * program that only reads a TCP dongle (or the emulator) should work where it cannot.
 */
export function loadSerialPortBinding(): Promise<SerialBinding> {
  loading ??= import('serialport').then(
    (module) => module.SerialPort.binding as SerialBinding,
    (error: unknown) => {
      loading = undefined;
      throw new P1SerialError(
        'binding-unavailable',
        `serialport's native binding did not load on this platform (${error instanceof Error ? error.message : String(error)}); ` +
          'network sources (tcp://) still work',
        { cause: error },
      );
    },
  );
  return loading;
}
