import { readdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SerialBinding } from './serial-binding.js';
import { loadSerialPortBinding } from './serialport-binding.js';

/** A serial port found by `listPorts()`. */
export interface SerialPortInfo {
  /** The device, e.g. `/dev/ttyUSB0`. */
  path: string;
  /**
   * Other names of the same device: `/dev/serial/by-id/usb-FTDI_...` (stable across reboots and replugging: the
   * best name to configure) and the Raspberry Pi's `/dev/serial0`.
   */
  links: string[];
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  pnpId?: string;
  locationId?: string;
  /** `serialport`: from serialport's listing (udev on Linux); `scan`: from the names in /dev, where that failed. */
  source: 'serialport' | 'scan';
}

/** Options of `listPorts()`. */
export interface ListPortsOptions {
  /** Whose `list()` to ask first. Default: serialport's native binding. */
  binding?: Pick<SerialBinding, 'list'>;
  /** Where devices live, absolute or relative to the working directory. Default `/dev`. */
  devDir?: string;
}

/** The device names a P1 cable shows up as on Linux: USB serial adapters, USB CDC devices, the Pi's UARTs. */
const DEVICE_NAME = /^(ttyUSB|ttyACM|ttyAMA)\d+$/;
/** Links that name a device for good: the Pi's `serial0`/`serial1`. The by-id folder is read on its own. */
const LINK_NAME = /^serial\d+$/;
const BY_ID = 'serial/by-id';

/**
 * The serial ports of this machine. Asks serialport first; where that fails (Linux without udev, as in containers
 * and minimal images: `spawn udevadm ENOENT`), scans /dev for `serial/by-id/*`, `ttyUSB*`, `ttyACM*`, `ttyAMA*` and
 * `serial0`. Never rejects: a machine without ports gives `[]`.
 */
export async function listPorts(options: ListPortsOptions = {}): Promise<SerialPortInfo[]> {
  // Links resolve to real absolute paths, so the devices they point to must be named the same way: a relative or
  // symlinked folder would otherwise list each device twice, once by each name.
  const given = resolve(options.devDir ?? '/dev');
  const devDir = await realpath(given).catch(() => given);
  const links = await stableLinks(devDir);
  try {
    const binding = options.binding ?? (await loadSerialPortBinding());
    const ports = await binding.list();
    return ports.map((port) => ({ ...strip(port), links: links.get(port.path) ?? [], source: 'serialport' }));
  } catch {
    return scan(devDir, links);
  }
}

async function scan(devDir: string, links: Map<string, string[]>): Promise<SerialPortInfo[]> {
  const names = await readdir(devDir).catch(() => [] as string[]);
  const devices = new Set([...names.filter((name) => DEVICE_NAME.test(name)).map((name) => join(devDir, name)), ...links.keys()]);
  return [...devices].sort().map((path) => {
    const byId = links.get(path)?.find((link) => link.includes(BY_ID));
    const pnpId = byId?.slice(byId.lastIndexOf('/') + 1);
    return { path, links: links.get(path) ?? [], ...(pnpId !== undefined && { pnpId }), source: 'scan' as const };
  });
}

/** device -> its stable names (`/dev/serial/by-id/...`, `/dev/serial0`). */
async function stableLinks(devDir: string): Promise<Map<string, string[]>> {
  const byIdDir = join(devDir, BY_ID);
  const byId = (await readdir(byIdDir).catch(() => [] as string[])).map((name) => join(byIdDir, name));
  const serial = (await readdir(devDir).catch(() => [] as string[])).filter((name) => LINK_NAME.test(name)).map((name) => join(devDir, name));
  const links = new Map<string, string[]>();
  for (const link of [...byId, ...serial]) {
    const device = await realpath(link).catch(() => null); // a dangling link: the device has just gone
    if (device === null) continue;
    links.set(device, [...(links.get(device) ?? []), link]);
  }
  return links;
}

// serialport fills absent fields with undefined; leave them out so a result prints cleanly.
function strip<T extends object>(port: T): T {
  return Object.fromEntries(Object.entries(port).filter(([, value]) => value !== undefined)) as T;
}
