import { isP1SerialError, P1SerialError, type P1SerialErrorCode } from './p1-serial-error.js';

interface ErrorRule {
  code: P1SerialErrorCode;
  /** Matched against the error's `code` and message: serialport's native part gives no `code`, only text. */
  pattern: RegExp;
  /** What the user can do about it; `{port}` is replaced by the path or address. */
  hint: string;
}

/** First match wins. The texts are those of serialport's native binding (Linux, macOS, Windows) and of node:net. */
const RULES: readonly ErrorRule[] = [
  {
    code: 'port-not-found',
    pattern: /ENOENT|No such file or directory|File not found|cannot find the file/i,
    hint: '{port} does not exist: is the cable plugged in? `listPorts()` or `ls /dev/serial/by-id` shows the ports there are',
  },
  {
    code: 'permission-denied',
    pattern: /EACCES|EPERM|Permission denied|Access denied/i,
    hint:
      'no permission to open {port}: add your user to the "dialout" group (sudo usermod -aG dialout $USER, then log ' +
      'out and in again), or give the device a udev rule with GROUP="dialout" MODE="0660"',
  },
  {
    code: 'port-busy',
    pattern: /EBUSY|Cannot lock port|Resource busy|Resource temporarily unavailable/i,
    hint: '{port} is in use by another program (another reader, ModemManager, a serial console); close it first',
  },
  {
    code: 'not-a-serial-port',
    pattern: /ENOTTY|Inappropriate ioctl/i,
    hint: '{port} is not a serial device',
  },
  {
    code: 'connection-refused',
    pattern: /ECONNREFUSED/,
    hint: 'nothing listens at {port}: is the dongle or ser2net running, and is the port number right (often 23, 2001 or 8088)?',
  },
  {
    code: 'host-not-found',
    pattern: /ENOTFOUND|EAI_AGAIN/,
    hint: 'the host of {port} does not resolve: check the name, or use its IP address',
  },
  {
    code: 'timeout',
    pattern: /ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/,
    hint: '{port} did not answer: is the host on the network?',
  },
  {
    code: 'disconnected',
    pattern: /ECONNRESET|EPIPE|disconnected|EIO|Input\/output error/i,
    hint: 'the connection to {port} was lost',
  },
];

/**
 * Turns what serialport or node:net threw into a `P1SerialError` with a code and a message that says what to do.
 * A `P1SerialError` passes through unchanged.
 */
export function classifyError(error: unknown, port: string): P1SerialError {
  if (isP1SerialError(error)) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);
  const text = `${code} ${message}`;
  const rule = RULES.find((r) => r.pattern.test(text));
  if (rule === undefined) return new P1SerialError('open-failed', `cannot open ${port}: ${message}`, { port, cause: error });
  return new P1SerialError(rule.code, `${rule.hint.replaceAll('{port}', port)} (${message})`, { port, cause: error });
}
