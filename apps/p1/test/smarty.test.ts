// Luxembourg Smarty meters encrypt every telegram. The key reaches every command the same way, from the environment
// (P1_DECRYPTION_KEY) or the config file (P1_CONFIG), never from a flag: these run the real `p1` command.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeterEmulator } from '@p1/emulator';
import { expectedReading } from '@p1/emulator/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllSocat, tempDir } from '@p1/test-kit';
import { CLI, jsonLines, runP1, startP1, type Running } from './run-p1.js';

const START = '2026-04-03T15:54:30Z';
const dir = tempDir('smarty');
const ENCRYPTED = join(__dirname, '../../../fixtures/encrypted');
const emulators: Running[] = [];

afterEach(async () => {
  for (const emulator of emulators.splice(0)) {
    emulator.child.kill('SIGTERM');
    await emulator.finished();
  }
  await killAllSocat();
});

/** A key no code has seen before this run. */
const newKey = (): string => randomBytes(16).toString('hex').toUpperCase();

/** What the smarty emulator sends with these options, as the readings a correct parser makes of its plaintexts. */
function emulated(count: number, key: string, seed: number): unknown[] {
  const meter = new MeterEmulator({ profile: 'smarty', encryption: { key }, seed, start: START, realistic: true });
  return Array.from({ length: count }, () => JSON.parse(JSON.stringify(expectedReading(meter.next().state))) as unknown);
}

describe('p1 and an encrypting Smarty meter', () => {
  it('p1 watch --emulator smarty: the emulator encrypts with P1_DECRYPTION_KEY, p1 decrypts, the readings round-trip', async () => {
    const key = newKey();
    const run = await runP1(['watch', '--emulator', 'smarty', '--speed', '0', '--count', '8', '--seed', '2', '--start', START], { env: { P1_DECRYPTION_KEY: key } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const readings = jsonLines(run.stdout) as { meterType: string }[];
    expect(readings).toEqual(emulated(8, key, 2));
    expect(readings[0]!.meterType).toBe('Lux5\\253663629_D');
  });

  it('p1 watch reads the key from the config file that P1_CONFIG names', async () => {
    const key = newKey();
    const config = join(dir, 'p1.json');
    writeFileSync(config, JSON.stringify({ source: { emulator: 'smarty', decryptionKey: key } }));
    const run = await runP1(['watch', '--speed', '0', '--count', '3', '--seed', '2', '--start', START], { env: { P1_CONFIG: config } });
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(emulated(3, key, 2));
  });

  it('takes no key from a flag, needs one for smarty, and never prints a key it refuses', async () => {
    const flag = await runP1(['watch', '--emulator', 'smarty', '--decryption-key', newKey()]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--decryption-key'/);
    const none = await runP1(['watch', '--emulator', 'smarty', '--count', '1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/the smarty emulator encrypts its telegrams: set P1_DECRYPTION_KEY/);
    const secret = 'not-hex-but-secret-0123456789abc';
    const bad = await runP1(['watch', '--emulator', 'smarty', '--count', '1'], { env: { P1_DECRYPTION_KEY: secret } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/P1_DECRYPTION_KEY must be 32 hex digits/);
    expect(bad.stderr).not.toContain(secret);
    const half = await runP1(['watch', '--count', '1'], { env: { P1_AUTHENTICATION_KEY: newKey() } });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/P1_AUTHENTICATION_KEY is set without P1_DECRYPTION_KEY/);
  });

  it('p1 parse decrypts a capture with the key; a wrong key is exit 1 and says so', async () => {
    const fixture = 'smarty-lux5-sagemcom-t210-d';
    const spec = JSON.parse(readFileSync(join(ENCRYPTED, `${fixture}.json`), 'utf8')) as { frame: { decryptionKey: string }; reading: unknown };
    const capture = join(dir, 'capture.bin');
    // Garbage, a cut frame, then the whole frame: as a capture taken mid-telegram looks.
    const frame = readFileSync(join(ENCRYPTED, `${fixture}.bin`));
    writeFileSync(capture, Buffer.concat([Buffer.from('\x00\xff noise'), frame.subarray(0, 300), frame]));
    const run = await runP1(['parse', capture], { env: { P1_DECRYPTION_KEY: spec.frame.decryptionKey } });
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([spec.reading]);
    expect(run.stderr).toContain('p1 parse: 1 telegram, 0 CRC failures, 1 incomplete');
    const wrong = await runP1(['parse', capture], { env: { P1_DECRYPTION_KEY: newKey() } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/1 that did not decrypt/);
    expect(wrong.stderr).toMatch(/no encrypted frame decrypted with the key in P1_DECRYPTION_KEY/);
    const none = await runP1(['parse', capture]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no telegram in the input/);
  });

  it('p1 emulate --profile smarty | p1 parse: a shell pipe, the same key on both sides', () => {
    const key = newKey();
    const p1 = `"${process.execPath}" "${CLI}"`;
    const pipe = spawnSync('sh', ['-c', `${p1} emulate --profile smarty --steady --count 5 --seed 7 --start ${START} | ${p1} parse`], {
      env: { ...process.env, P1_DECRYPTION_KEY: key, P1_CONFIG: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(pipe.status, pipe.stderr).toBe(0);
    const meter = new MeterEmulator({ profile: 'smarty', encryption: { key }, seed: 7, start: START });
    expect(jsonLines(pipe.stdout)).toEqual(Array.from({ length: 5 }, () => JSON.parse(JSON.stringify(expectedReading(meter.next().state))) as unknown));
    expect(pipe.stderr).toContain('p1 parse: 5 telegrams, 0 CRC failures, 0 incomplete');
  });

  it('p1 watch reads an encrypting meter on a serial port (a pseudo-terminal), p1 detect says it needs the key', async () => {
    const key = newKey();
    const tty = join(dir, 'ttySmarty');
    const emulator = startP1(['emulate', '--pty', tty, '--profile', 'smarty', '--speed', '20', '--faults', 'chunks=1-64'], { env: { P1_DECRYPTION_KEY: key } });
    emulators.push(emulator);
    await emulator.waitFor(({ stderr }) => / on \S+/.test(stderr), 'the emulator to listen');
    expect(emulator.stderr).toContain('Smarty (Luxembourg) encrypted telegrams every 10 s');

    const run = await runP1(['watch', '--port', tty, '--count', '3'], { env: { P1_DECRYPTION_KEY: key } });
    expect(run.code, run.stderr).toBe(0);
    const readings = jsonLines(run.stdout) as { meterType: string; timestamp: string }[];
    expect(readings.map((r) => r.meterType)).toEqual(Array(3).fill('Lux5\\253663629_D'));
    const times = readings.map((r) => Date.parse(r.timestamp));
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([10_000, 10_000]);

    const unkeyed = await runP1(['detect', tty, '--timeout', '5']);
    expect(unkeyed.code).toBe(1);
    expect(unkeyed.stderr).toMatch(/sends encrypted frames at 115200 8N1 .* system title 5341471030700127, Sagemcom/);
    expect(unkeyed.stderr).toMatch(/Set P1_DECRYPTION_KEY/);

    const keyed = await runP1(['detect', tty, '--timeout', '5'], { env: { P1_DECRYPTION_KEY: key } });
    expect(keyed.code, keyed.stderr).toBe(0);
    expect(keyed.stdout).toMatch(/encrypted\s+yes: AES-128-GCM, system title 5341471030700127/);
    expect(keyed.stdout).toMatch(/meter\s+Sagemcom T210-D \(Smarty\)/);
  });
});
