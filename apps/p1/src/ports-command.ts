import type { CliIo, Command, ParsedArgs } from './command.js';
import { findSerialPorts, type SerialPortInfo } from './find-serial-ports.js';

/** The table `p1 ports` prints. Pure. */
export function formatPorts(ports: readonly SerialPortInfo[]): string {
  const width = Math.max(...ports.map((p) => p.path.length)) + 2;
  return ports
    .map((p) => {
      const target = p.device === p.path ? '' : `-> ${p.device}  `;
      const access = p.accessible ? 'ok' : `no access: join the group ${p.group} (sudo usermod -aG ${p.group} $USER)`;
      return `${p.path.padEnd(width)}${target}group ${p.group}  ${access}\n`;
    })
    .join('');
}

async function ports(args: ParsedArgs, io: CliIo): Promise<number> {
  const found = await findSerialPorts((args.values.dev as string | undefined) ?? '/dev');
  if (args.values.json === true) {
    io.stdout.write(`${JSON.stringify(found)}\n`);
  } else if (found.length === 0) {
    io.stderr.write('p1 ports: no serial ports found. Is the P1 cable plugged in? `dmesg | grep tty` shows what the kernel saw.\n');
  } else {
    io.stdout.write(formatPorts(found));
  }
  return 0;
}

export const PORTS_COMMAND: Command = {
  summary: 'The serial ports a P1 cable may be on, and whether you may open them.',
  usage: 'p1 ports [--json]',
  description: 'Lists USB serial cables (ttyUSB*, ttyACM*), the Raspberry Pi UART (ttyAMA*, serial0) and their\n/dev/serial/by-id names, with the group that owns each.',
  options: {
    json: { type: 'boolean', help: 'a JSON array instead of a table' },
    dev: { type: 'string', value: 'DIR', help: 'look in DIR instead of /dev' },
  },
  positionals: false,
  examples: ['p1 ports', 'p1 ports --json'],
  run: ports,
};
