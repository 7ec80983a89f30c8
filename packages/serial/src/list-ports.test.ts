import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPorts } from './list-ports.js';

let dev: string;

beforeEach(() => {
  // A /dev as a Raspberry Pi with a USB P1 cable shows it.
  dev = mkdtempSync(join(tmpdir(), 'p1-dev-'));
  for (const name of ['ttyUSB0', 'ttyACM0', 'ttyAMA0', 'ttyS0', 'tty1', 'null']) writeFileSync(join(dev, name), '');
  mkdirSync(join(dev, 'serial/by-id'), { recursive: true });
  symlinkSync('../../ttyUSB0', join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A9A5DJ6C-if00-port0'));
  symlinkSync('../../ttyUSB7', join(dev, 'serial/by-id/usb-gone-if00')); // dangling: unplugged a moment ago
  symlinkSync('ttyAMA0', join(dev, 'serial0'));
});

afterEach(() => rmSync(dev, { recursive: true, force: true }));

const udevMissing = { list: () => Promise.reject(Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' })) };

describe('listPorts', () => {
  it('without udev, scans /dev: by-id links, ttyUSB*, ttyACM*, ttyAMA*, serial0', async () => {
    const ports = await listPorts({ binding: udevMissing, devDir: dev });
    expect(ports).toEqual([
      { path: join(dev, 'ttyACM0'), links: [], source: 'scan' },
      { path: join(dev, 'ttyAMA0'), links: [join(dev, 'serial0')], source: 'scan' },
      {
        path: join(dev, 'ttyUSB0'),
        links: [join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A9A5DJ6C-if00-port0')],
        pnpId: 'usb-FTDI_FT232R_USB_UART_A9A5DJ6C-if00-port0',
        source: 'scan',
      },
    ]);
  });

  it('lists each device once when the folder is given by a relative or symlinked path', async () => {
    const absolute = await listPorts({ binding: udevMissing, devDir: dev });
    expect(await listPorts({ binding: udevMissing, devDir: relative(process.cwd(), dev) })).toEqual(absolute);
    const link = `${dev}-link`;
    symlinkSync(dev, link);
    try {
      expect(await listPorts({ binding: udevMissing, devDir: link })).toEqual(absolute);
    } finally {
      rmSync(link);
    }
  });

  it("with serialport's listing, adds the stable names to it", async () => {
    const path = join(dev, 'ttyUSB0');
    const binding = { list: async () => [{ path, manufacturer: 'FTDI', serialNumber: 'A9A5DJ6C', pnpId: undefined, locationId: undefined, vendorId: '0403', productId: '6001' }] };
    expect(await listPorts({ binding, devDir: dev })).toEqual([
      { path, manufacturer: 'FTDI', serialNumber: 'A9A5DJ6C', vendorId: '0403', productId: '6001', links: [join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A9A5DJ6C-if00-port0')], source: 'serialport' },
    ]);
  });

  it('never rejects: a missing /dev gives []', async () => {
    expect(await listPorts({ binding: udevMissing, devDir: join(dev, 'nothing') })).toEqual([]);
  });

  it("on this machine, with serialport's native binding, it answers (udev or not)", async () => {
    const ports = await listPorts();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(port.path).toMatch(/^\/dev\//);
  });
});
