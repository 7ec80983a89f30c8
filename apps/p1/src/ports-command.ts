import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { SerialPortInfo } from '@p1/serial';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { deviceGroup } from './explain-device-error.js';
import { loadPackage } from './load-package.js';

type Serial = typeof import('@p1/serial');

/** A port as `p1 ports` shows it: @p1/serial's facts plus who may open it. */
export interface PortAccess extends SerialPortInfo {
  /** The group that owns the device: the one to join. */
  group: string;
  /** Whether this process may read and write it. */
  accessible: boolean;
}

/** The table `p1 ports` prints, one port a line, its stable names after it. Pure. */
export function formatPorts(ports: readonly PortAccess[]): string {
  const width = Math.max(...ports.map((p) => p.path.length)) + 2;
  return ports
    .map((p) => {
      const what = [p.manufacturer, p.serialNumber && `serial ${p.serialNumber}`].filter(Boolean).join(', ');
      const access = p.accessible ? 'ok' : `no access: join the group ${p.group} (sudo usermod -aG ${p.group} $USER, then log in again)`;
      const links = p.links.map((link) => `\n${' '.repeat(width)}also ${link}`).join('');
      return `${p.path.padEnd(width)}${what ? `${what}  ` : ''}group ${p.group}  ${access}${links}\n`;
    })
    .join('');
}

async function ports(args: ParsedArgs, io: CliIo): Promise<number> {
  const { listPorts } = await loadPackage<Serial>('@p1/serial', 'p1 ports');
  const dev = args.values.dev as string | undefined;
  // With --dev the names in that folder are all there is: the system's own list (udev) describes /dev, not it.
  const found = await listPorts(dev === undefined ? {} : { devDir: dev, binding: { list: () => Promise.reject(new Error('scan only')) } });
  const annotated: PortAccess[] = await Promise.all(
    found.map(async (port) => ({
      ...port,
      group: deviceGroup(port.path),
      accessible: await access(port.path, constants.R_OK | constants.W_OK).then(
        () => true,
        () => false,
      ),
    })),
  );
  if (args.values.json === true) io.stdout.write(`${JSON.stringify(annotated)}\n`);
  else if (annotated.length === 0) io.stderr.write('p1 ports: no serial ports found. Is the P1 cable plugged in? `dmesg | grep tty` shows what the kernel saw.\n');
  else io.stdout.write(formatPorts(annotated));
  return 0;
}

export const PORTS_COMMAND: Command = {
  summary: 'The serial ports a P1 cable may be on, and whether you may open them.',
  usage: 'p1 ports [--json]',
  description:
    'Lists USB serial cables (ttyUSB*, ttyACM*) and the Raspberry Pi UART (ttyAMA*, serial0) with their stable\n' +
    '/dev/serial/by-id names (the best ones to configure) and the group that owns each.',
  options: {
    json: { type: 'boolean', help: 'a JSON array instead of a table' },
    dev: { type: 'string', value: 'DIR', help: 'scan the device names in DIR instead of asking the system about /dev' },
  },
  positionals: false,
  examples: ['p1 ports', 'p1 ports --json'],
  run: ports,
};
