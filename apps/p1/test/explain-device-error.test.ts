import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceGroup, explainDeviceError } from '../src/explain-device-error.js';
import { tempDir } from '@p1/test-kit';

describe('explainDeviceError', () => {
  it('names the group that owns the device when permission is denied', () => {
    // The message names the device's real owner, as `id -gn` names the group of the files this process makes.
    const device = join(tempDir('group'), 'ttyUSB0');
    writeFileSync(device, '');
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    expect(deviceGroup(device)).toBe(group);
    expect(explainDeviceError(Object.assign(new Error(`open ${device}`), { code: 'EACCES' }), device)).toBe(
      `permission denied on ${device}: it belongs to the group "${group}". Join it with \`sudo usermod -aG ${group} $USER\`, then log out and in again (or run \`newgrp ${group}\`)`,
    );
  });

  it('falls back to the usual serial group for a device it cannot look at', () => {
    expect(deviceGroup('/nonexistent/ttyUSB0')).toBe('dialout');
  });

  it("reads @p1/serial's codes and serialport's bare messages alike", () => {
    const group = (): string => 'dialout';
    expect(explainDeviceError({ code: 'permission-denied' }, '/dev/ttyUSB0', group)).toContain('group "dialout"');
    expect(explainDeviceError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), '/dev/ttyUSB0', group)).toContain('usermod -aG dialout');
    expect(explainDeviceError({ code: 'port-not-found' }, '/dev/ttyUSB0', group)).toMatch(/^no device at \/dev\/ttyUSB0/);
    // Words for someone at the command line: commands to run, no path inside the p1 repository.
    expect(explainDeviceError({ code: 'port-not-found' }, '/dev/ttyUSB0', group)).toMatch(/`p1 ports` lists .*\/dev\/serial\/by-id\/\.\.\. name there stays the same/);
    expect(explainDeviceError({ code: 'port-not-found' }, '/dev/ttyUSB0', group)).not.toMatch(/docs\/|\.md\b/);
    expect(explainDeviceError(new Error('Error: Cannot lock port'), '/dev/ttyUSB0', group)).toMatch(/in use by another program/);
    expect(explainDeviceError(new Error('something else'), '/dev/ttyUSB0', group)).toBeNull();
  });
});
