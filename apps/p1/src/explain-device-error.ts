import { readFileSync, statSync } from 'node:fs';

/** The group that owns serial devices when the device itself cannot be looked at: Debian, Raspberry Pi OS, Ubuntu. */
const USUAL_SERIAL_GROUP = 'dialout';

/** Messages for the faults a person can fix at a serial device, by errno code. */
const EXPLANATIONS: Readonly<Record<string, (path: string, group: string) => string>> = {
  ENOENT: (path) =>
    `no device at ${path}: is the P1 cable plugged in? \`p1 ports\` lists the serial ports this machine has ` +
    '(a USB cable is usually /dev/ttyUSB0; its /dev/serial/by-id/... name there stays the same across reboots and replugging)',
  EACCES: (path, group) =>
    `permission denied on ${path}: it belongs to the group "${group}". Join it with ` +
    `\`sudo usermod -aG ${group} $USER\`, then log out and in again (or run \`newgrp ${group}\`)`,
  EBUSY: (path) => `${path} is in use by another program (another p1, ModemManager, a serial console): stop it and try again`,
  ENOTTY: (path) => `${path} is not a serial port`,
};

/** @p1/serial's codes for the same faults. */
const SERIAL_CODES: Readonly<Record<string, string>> = {
  'port-not-found': 'ENOENT',
  'permission-denied': 'EACCES',
  'port-busy': 'EBUSY',
  'not-a-serial-port': 'ENOTTY',
};

/** The errno code of an error, also where a library only kept it in the message ("Error: No such file or directory"). */
function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code in EXPLANATIONS) return code;
  if (typeof code === 'string' && code in SERIAL_CODES) return SERIAL_CODES[code];
  const message = String((error as Error)?.message ?? error);
  if (/no such file|ENOENT/i.test(message)) return 'ENOENT';
  if (/permission denied|EACCES/i.test(message)) return 'EACCES';
  if (/cannot lock|resource busy|EBUSY/i.test(message)) return 'EBUSY';
  if (/inappropriate ioctl|ENOTTY/i.test(message)) return 'ENOTTY';
  return undefined;
}

/** The name of the group that owns `path`, from /etc/group; the usual serial group where that cannot be read. */
export function deviceGroup(path: string): string {
  try {
    const gid = statSync(path).gid;
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(gid));
    return line?.split(':')[0] || USUAL_SERIAL_GROUP;
  } catch {
    return USUAL_SERIAL_GROUP;
  }
}

/** A message that says what to do about an error opening `path`, or null when the error is none of the known faults. */
export function explainDeviceError(error: unknown, path: string, group: (path: string) => string = deviceGroup): string | null {
  const code = errnoOf(error);
  return code === undefined ? null : EXPLANATIONS[code]!(path, group(path));
}
