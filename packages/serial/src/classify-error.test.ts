import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error.js';
import { isP1SerialError, P1SerialError } from './p1-serial-error.js';

describe('classifyError', () => {
  // The texts serialport's native binding and node:net give (they carry no code, or an errno code).
  const cases: [unknown, string, RegExp][] = [
    [new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'), 'port-not-found', /does not exist: is the cable plugged in/],
    [new Error('Error: Permission denied, cannot open /dev/ttyAMA0'), 'permission-denied', /"dialout" group \(sudo usermod -aG dialout \$USER/],
    [new Error('Error Resource temporarily unavailable Cannot lock port'), 'port-busy', /in use by another program/],
    [new Error('Error: Inappropriate ioctl for device setting custom baud rate of 115200'), 'not-a-serial-port', /not a serial device/],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:23'), { code: 'ECONNREFUSED' }), 'connection-refused', /often 23, 2001 or 8088/],
    [Object.assign(new Error('getaddrinfo ENOTFOUND dongle'), { code: 'ENOTFOUND' }), 'host-not-found', /does not resolve/],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'disconnected', /was lost/],
    [new Error('something else'), 'open-failed', /cannot open \/dev\/x: something else/],
    ['a string', 'open-failed', /a string/],
  ];

  it.each(cases)('%s -> %s', (error, code, message) => {
    const classified = classifyError(error, '/dev/x');
    expect(classified).toMatchObject({ code, port: '/dev/x', cause: error });
    expect(classified.message).toMatch(message);
    expect(isP1SerialError(classified)).toBe(true);
  });

  it('passes a P1SerialError through', () => {
    const error = new P1SerialError('silence', 'quiet');
    expect(classifyError(error, 'p')).toBe(error);
  });
});
