import { describe, expect, it } from 'vitest';
import { loadEmulator } from './load-emulator.js';

describe('loadEmulator (the optional peer dependency)', () => {
  it('loads @p1/emulator where it is installed', async () => {
    const emulator = await loadEmulator();
    expect(typeof emulator.createEmulatorBinding).toBe('function');
  });

  it('names the package and the command to install it where it is not', async () => {
    // A real "not installed" error from Node's loader, for a name that starts like the peer's.
    const missing = loadEmulator(() => import(['@p1', 'emulator-not-installed'].join('/')));
    await expect(missing).rejects.toMatchObject({ code: 'emulator-missing' });
    await expect(missing).rejects.toThrow('emulator mode needs the package @p1/emulator, which is not installed: npm install @p1/emulator');
  });

  it('keeps the cause when the package is there but fails to load', async () => {
    const broken = new SyntaxError('Unexpected token');
    const failure = loadEmulator(() => Promise.reject(broken));
    await expect(failure).rejects.toMatchObject({ code: 'emulator-missing', cause: broken });
    await expect(failure).rejects.toThrow(/did not load \(Unexpected token\); reinstall it/);
  });
});
