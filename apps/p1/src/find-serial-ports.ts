import { constants } from 'node:fs';
import { access, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { deviceGroup } from './explain-device-error.js';

/** A serial device this machine has. */
export interface SerialPortInfo {
  path: string;
  /** What a symlink points at (`/dev/serial/by-id/usb-FTDI...` -> `/dev/ttyUSB0`); else the path itself. */
  device: string;
  /** Its group: the one a user joins to read it. */
  group: string;
  /** Whether this process may read and write it. */
  accessible: boolean;
}

/**
 * Device names P1 readers show up under: USB cables (FTDI, CH340, PL2303), CDC devices, the Raspberry Pi's UART and
 * its aliases, macOS USB serial, and the stable `/dev/p1` of docs/raspberry-pi.md. The PC's legacy ttyS* are left
 * out: every PC has 4-32 of them, almost never with a meter on them.
 */
const DEVICE_NAMES = [/^ttyUSB\d+$/, /^ttyACM\d+$/, /^ttyAMA\d+$/, /^serial\d+$/, /^cu\.(usbserial|usbmodem|SLAB|wchusbserial)/, /^p1$/];

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** Serial ports under `dev` (default `/dev`): by name, and the stable `serial/by-id` links to them. */
export async function findSerialPorts(dev = '/dev'): Promise<SerialPortInfo[]> {
  const paths = [
    ...(await entries(dev)).filter((name) => DEVICE_NAMES.some((re) => re.test(name))).map((name) => join(dev, name)),
    ...(await entries(join(dev, 'serial', 'by-id'))).map((name) => join(dev, 'serial', 'by-id', name)),
  ];
  const ports: SerialPortInfo[] = [];
  for (const path of paths) {
    const device = await realpath(path).catch(() => path);
    const accessible = await access(path, constants.R_OK | constants.W_OK).then(
      () => true,
      () => false,
    );
    ports.push({ path, device, group: deviceGroup(path), accessible });
  }
  return ports;
}
