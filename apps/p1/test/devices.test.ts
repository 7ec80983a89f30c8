// The commands on real devices: a pseudo-terminal made by `p1 emulate --pty` (socat) and a TCP port made by
// `p1 emulate --tcp`, read through @p1/serial as a meter on a cable or a network dongle would be.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crc16x25, latin1Bytes } from '@p1/core';
import { jsonLines, runP1, startP1, type Running } from './run-p1.js';
import { freePort, killAllSocat, PtyWriter, socatPair, tempDir, waitFor } from '@p1/test-kit';

const dir = tempDir('devices');
const emulators: Running[] = [];

afterEach(async () => {
  for (const emulator of emulators.splice(0)) {
    emulator.child.kill('SIGTERM');
    await emulator.finished();
  }
  for (const stop of stops.splice(0)) stop();
  await killAllSocat();
});
const stops: (() => void)[] = [];

/** `p1 emulate` with `args`, once it says where it sends. */
async function emulate(args: string[]): Promise<Running> {
  const emulator = startP1(['emulate', ...args]);
  emulators.push(emulator);
  await emulator.waitFor(({ stderr }) => / on \S+/.test(stderr), 'the emulator to listen');
  return emulator;
}

/** A process's state letter and parent, from /proc; null when it is gone. */
function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((child) => procStat(child)?.ppid === pid);
}

/** Running: there, and not a zombie waiting for a parent to reap it. */
const running = (pid: number): boolean => !['Z', 'X', undefined].includes(procStat(pid)?.state);

interface Shape {
  meterType: string;
  version: string;
  timestamp: string;
}

describe('p1 watch and p1 detect on devices', () => {
  it('reads a meter on a serial port (a pseudo-terminal)', async () => {
    const tty = join(dir, 'ttyP1');
    await emulate(['--pty', tty, '--profile', 'dsmr5', '--speed', '10']);
    const run = await runP1(['watch', '--port', tty, '--count', '3']);
    expect(run.code, run.stderr).toBe(0);
    const readings = jsonLines(run.stdout) as Shape[];
    expect(readings).toHaveLength(3);
    expect(readings.map((r) => r.version)).toEqual(['50', '50', '50']);
    const times = readings.map((r) => Date.parse(r.timestamp));
    expect(times[1]! - times[0]!).toBe(1000);
    expect(times[2]! - times[1]!).toBe(1000);
    expect(run.stderr).toContain(`p1 watch: connected to ${tty}`);
  });

  it('reads a network dongle (tcp://)', async () => {
    const port = await freePort();
    await emulate(['--tcp', `127.0.0.1:${port}`, '--profile', 'emucs', '--speed', '10']);
    const run = await runP1(['watch', '--port', `tcp://127.0.0.1:${port}`, '--count', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect((jsonLines(run.stdout) as Shape[]).map((r) => r.meterType)).toEqual([expect.stringMatching(/^FLU/), expect.stringMatching(/^FLU/)]);
  });

  it('says once that the dongle is gone and once that it is back, not at every retry', async () => {
    const port = await freePort();
    const first = await emulate(['--tcp', `127.0.0.1:${port}`]);
    const watch = startP1(['watch', '--port', `tcp://127.0.0.1:${port}`]);
    emulators.push(watch);
    await watch.waitFor(({ stdout }) => stdout.split('\n').length > 2, 'two readings');
    first.child.kill('SIGTERM');
    await first.finished();
    await watch.waitFor(({ stderr }) => stderr.includes('reconnecting until it is back'), 'the outage to be told');
    // Retries against a closed port, every 0.5, 1, 2 s...: a second emulator comes back after a few of them.
    await emulate(['--tcp', `127.0.0.1:${port}`]);
    await watch.waitFor(({ stderr }) => stderr.includes('again'), 'the return to be told');
    const readings = watch.stdout.split('\n').length;
    await watch.waitFor(({ stdout }) => stdout.split('\n').length > readings, 'a reading after the return');
    const lines = watch.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `p1 watch: connected to tcp://127.0.0.1:${port}`,
      expect.stringMatching(/^p1 watch: .*; reconnecting until it is back$/),
      `p1 watch: connected to tcp://127.0.0.1:${port} again`,
    ]);
  });

  it('detects the line settings, standard and model of the meter on a port', async () => {
    const tty = join(dir, 'ttyDetect');
    await emulate(['--pty', tty, '--profile', 'dsmr5', '--speed', '10']);
    // detect stops at the first valid telegram: a long listening window costs nothing, and a loaded machine needs it.
    const run = await runP1(['detect', tty, '--timeout', '20']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${tty}: a P1 meter`);
    expect(run.stdout).toMatch(/line\s+115200 8N1/);
    expect(run.stdout).toMatch(/standard\s+DSMR 5\.x, version 50/);
    expect(run.stdout).toMatch(/meter\s+Sagemcom T210-D/);
    expect(run.stdout).toContain(`Use: p1 watch --port ${tty}\n`);
  });

  it('detects a meter that seals with CRC-16/X-25 (Holley DTSD545) and reads it with the flag it names', async () => {
    const where = join(dir, 'holley');
    mkdirSync(where, { recursive: true });
    const pair = await socatPair(where);
    const out = await PtyWriter.open(pair.b);
    let n = 0;
    const timer = setInterval(() => {
      const body = `/HLY5/D545-METER\r\n\r\n1-3:0.2.8(50)\r\n1-0:1.8.1(${String(100000 + n++).padStart(6, '0')}.000*kWh)\r\n!`;
      out.write(latin1Bytes(`${body}${crc16x25(latin1Bytes(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`));
    }, 100);
    stops.push(() => {
      clearInterval(timer);
      void out.close();
    });
    const found = await runP1(['detect', pair.a, '--timeout', '20']);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toMatch(/header\s+HLY5\/D545-METER/);
    expect(found.stdout).toContain(`Use: p1 watch --port ${pair.a} --crc-algorithm x25\n`);
    const json = await runP1(['detect', pair.a, '--timeout', '20', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ path: pair.a, crcAlgorithm: 'x25', profile: 'dsmr5' });
    const watched = await runP1(['watch', '--port', pair.a, '--crc-algorithm', 'x25', '--count', '2']);
    expect(watched.code, watched.stderr).toBe(0);
    expect((jsonLines(watched.stdout) as Shape[]).map((r) => r.meterType)).toEqual(['HLY5/D545-METER', 'HLY5/D545-METER']);
  });

  it('says what each setting gave on a silent port, and what to check, in p1 words', async () => {
    const where = join(dir, 'silent');
    mkdirSync(where, { recursive: true });
    const pair = await socatPair(where);
    const run = await runP1(['detect', pair.a, '--timeout', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`p1 detect: no P1 telegram on ${pair.a} at any setting:\n  115200 8N1: silent: not one byte in`);
    expect(run.stderr).toMatch(/9600 7E1: silent/);
    expect(run.stderr).toContain('the port of the P1 cable (`p1 ports` lists them)');
    expect(run.stderr).not.toMatch(/listPorts|P1Reader|debug: true/);
  });

  it('says what to do about a missing device, a file that is no serial port, and a dongle that is not there', async () => {
    const missing = join(dir, 'ttyUSB7');
    const notSerial = join(dir, 'plain.txt');
    writeFileSync(notSerial, 'not a device');
    const cases: [string[], RegExp][] = [
      [['watch', '--port', missing], new RegExp(`no device at ${missing}: is the P1 cable plugged in\\? \`p1 ports\` lists`)],
      [['watch', '--port', notSerial], new RegExp(`${notSerial} is not a serial port`)],
      [['watch', '--port', `tcp://127.0.0.1:${await freePort()}`], /nothing listens at tcp:\/\/127\.0\.0\.1:\d+: is the dongle or ser2net running/],
      [['detect', missing, '--timeout', '1'], new RegExp(`no device at ${missing}`)],
      [['influx', '--port', missing, '--database', 'p1', '--spool', join(dir, 'spool')], new RegExp(`no device at ${missing}`)],
    ];
    for (const [args, message] of cases) {
      const run = await runP1(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('trying again');
    }
  });
});

describe('p1 ports', () => {
  it('lists the serial devices and their stable names, with the group to join', async () => {
    const dev = join(dir, 'dev');
    mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
    writeFileSync(join(dev, 'ttyUSB0'), '');
    writeFileSync(join(dev, 'ttyS0'), '');
    symlinkSync(join(dev, 'ttyUSB0'), join(dev, 'serial', 'by-id', 'usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0'));
    const run = await runP1(['ports', '--dev', dev]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${join(dev, 'ttyUSB0')}\\s+group \\S+\\s+ok\\n\\s+also ${join(dev, 'serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0')}\\n$`));
    // Named relative to the working directory (the child's is this process's): each device still once.
    expect((await runP1(['ports', '--dev', relative(process.cwd(), dev)])).stdout).toBe(run.stdout);
    const json = await runP1(['ports', '--dev', dev, '--json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ path: join(dev, 'ttyUSB0'), accessible: true, group: expect.any(String) })]);
  });

  it('says so when there is none', async () => {
    const empty = join(dir, 'empty-dev');
    mkdirSync(empty);
    const run = await runP1(['ports', '--dev', empty]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no serial ports found');
  });
});

describe('p1 emulate', () => {
  it("is the emulator's CLI: telegrams that p1 parse reads back", async () => {
    const emulated = await runP1(['emulate', '--count', '5', '--profile', 'dsmr5', '--stdout']);
    expect(emulated.code).toBe(0);
    const parsed = await runP1(['parse'], { input: emulated.stdout });
    expect(parsed.code).toBe(0);
    expect(jsonLines(parsed.stdout)).toHaveLength(5);
    expect(parsed.stderr).toBe('p1 parse: 5 telegrams, 0 CRC failures, 0 incomplete, 0 garbage bytes\n');
  });

  it('by default sends what p1 watch shows: a DSMR 5 household, registers after years of use', async () => {
    const run = await runP1(['emulate', '--count', '2', '--stdout']);
    expect(run.code, run.stderr).toBe(0);
    const readings = jsonLines((await runP1(['parse'], { input: run.stdout })).stdout) as { version: string; electricity: { received: { tariff1: { reading: number } } }; gas: { reading: number } }[];
    expect(readings.map((r) => r.version)).toEqual(['50', '50']);
    expect(readings[0]!.electricity.received.tariff1.reading).toBeGreaterThan(1000);
    expect(readings[0]!.gas.reading).toBeGreaterThan(1000);
  });

  it('refuses a profile or fault spec it does not know with exit code 2, as any wrong flag', async () => {
    for (const [args, message] of [
      [['--profile', 'foo'], 'unknown profile "foo"'],
      [['--faults', 'crc=2'], 'crc must be between 0 and 1'],
      [['--start', '+099999-01-01T00:00:00Z'], 'start is not a time in 2000-2098'],
    ] as const) {
      const run = await runP1(['emulate', '--count', '1', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    }
  });

  it('killed with SIGKILL, leaves neither the emulator nor its socat running', async () => {
    const tty = join(dir, 'ttyKilled');
    const p1 = await emulate(['--pty', tty]);
    const pid = p1.child.pid!;
    const [emulator] = childrenOf(pid);
    expect(emulator, 'p1-emulator, the child of p1 emulate').toBeDefined();
    const [socat] = childrenOf(emulator!);
    expect(socat, 'socat, the child of p1-emulator').toBeDefined();
    expect(readFileSync(`/proc/${socat}/cmdline`, 'utf8')).toContain(tty);
    p1.child.kill('SIGKILL');
    await p1.finished();
    await waitFor(() => !running(socat!) && !running(emulator!), 'socat and p1-emulator to end after p1 was killed');
    expect(existsSync(tty)).toBe(false); // the emulator stopped cleanly: socat removed its link
  });

  it("shows p1's examples and the emulator's own options with --help", async () => {
    const run = await runP1(['emulate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: p1 emulate');
    expect(run.stdout).toContain('p1 emulate --profile dsmr5 --tcp 2323');
    expect(run.stdout).toContain('Usage: p1-emulator');
    expect(run.stdout).toContain('--realistic');
  });
});
