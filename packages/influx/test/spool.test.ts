import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../src/spool.js';
import { lockOf } from './lock-of.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'p1-spool-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (from: number, count: number): string => Array.from({ length: count }, (_, k) => `m f=${from + k} ${from + k}\n`).join('');

/** Reads and acknowledges everything, in batches of `size`; returns the text. */
async function drain(spool: Spool, size = 1000): Promise<string> {
  let text = '';
  for (let batch = await spool.read(size); batch !== null; batch = await spool.read(size)) {
    text += batch.body.toString('utf8');
    await spool.ack(batch);
  }
  return text;
}

const segmentFiles = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.lp') && f !== 'rejected.lp').sort();

describe('Spool', () => {
  it('gives back what was appended, in order, in batches of whole lines', async () => {
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 5), 5);
    await spool.append(lines(5, 5), 5);
    expect(spool.pendingLines).toBe(10);
    const first = await spool.read(3);
    expect(first!.body.toString()).toBe(lines(0, 3));
    expect(first!.lines).toBe(3);
    await spool.ack(first!);
    expect(await drain(spool)).toBe(lines(3, 7));
    expect(spool.pendingLines).toBe(0);
    expect(await spool.read(10)).toBeNull();
    await spool.close();
  });

  it('replays after a crash what was never acknowledged, and only that', async () => {
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 10), 10);
    const batch = await spool.read(4);
    await spool.ack(batch!);
    // A second batch read but not acknowledged, as when the process dies with a request in flight.
    await spool.read(4);
    await spool.close();

    const reopened = await Spool.open(dir);
    expect(reopened.pendingLines).toBe(6);
    expect(await drain(reopened)).toBe(lines(4, 6));
    await reopened.close();
    const again = await Spool.open(dir);
    expect(again.pendingLines).toBe(0);
    await again.close();
  });

  it('drops a torn last record left by a crash in the middle of an append, and says so', async () => {
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 4), 4);
    await spool.close();
    const file = join(dir, segmentFiles()[0]!);
    const whole = readFileSync(file);
    // Cut inside the last record: the first three stay whole.
    truncateSync(file, whole.length - 5);

    const notices: string[] = [];
    const reopened = await Spool.open(dir, { onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([expect.stringMatching(/^dropped a torn last record \(\d+ bytes\) at the end of .*000000000001\.lp/)]);
    expect(reopened.pendingLines).toBe(3);
    await reopened.append(lines(5, 1), 1);
    expect(await drain(reopened)).toBe(`${lines(0, 3)}${lines(5, 1)}`);
    await reopened.close();
  });

  it('moves a damaged record to the quarantine file, once, and delivers every record before and after it', async () => {
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 10), 10);
    await spool.close();
    const file = join(dir, segmentFiles()[0]!);
    const bytes = readFileSync(file);
    // Overwrite a few bytes in the middle of the fifth record (no newline touched).
    const fifth = bytes.indexOf('m f=4 4');
    bytes.write('XYZ', fifth + 2, 'latin1');
    writeFileSync(file, bytes);

    const notices: string[] = [];
    const reopened = await Spool.open(dir, { onNotice: (m) => notices.push(m) });
    expect(reopened.pendingLines).toBe(10);
    // Read it twice (as after a failed send): set aside once.
    expect((await reopened.read(100))!.lines).toBe(9);
    expect(await drain(reopened)).toBe(`${lines(0, 4)}${lines(5, 5)}`);
    expect(notices).toEqual([expect.stringMatching(/^moved 1 damaged record \(\d+ bytes, from byte \d+ of .*000000000001\.lp\) to .*quarantine; the records before and after/)]);
    expect(readFileSync(join(dir, 'quarantine'), 'latin1')).toContain('m XYZ');
    expect(reopened.pendingLines).toBe(0);
    await reopened.close();
  });

  it('sets aside random bytes appended to a segment, newlines and all, and goes on with what comes after', async () => {
    const spool = await Spool.open(dir, { segmentBytes: 200 });
    await spool.append(lines(0, 3), 3);
    await spool.close();
    const first = join(dir, segmentFiles()[0]!);
    // 4 KiB of random bytes with newlines, as a power cut during a write on an SD card leaves.
    const noise = randomBytes(4096);
    for (let i = 0; i < noise.length; i += 97) noise[i] = 0x0a;
    appendFileSync(first, noise);
    const notices: string[] = [];
    const reopened = await Spool.open(dir, { segmentBytes: 200, onNotice: (m) => notices.push(m) });
    await reopened.append(lines(3, 3), 3);
    expect(await drain(reopened, 2)).toBe(lines(0, 6));
    expect(notices.some((m) => /^moved \d+ damaged records/.test(m))).toBe(true);
    await reopened.close();
  });

  it('sets aside the cut record of an older segment cut short, and reads the next segment', async () => {
    const spool = await Spool.open(dir, { segmentBytes: 100 });
    for (let k = 0; k < 4; k++) await spool.append(lines(k * 3, 3), 3);
    await spool.close();
    const [first] = segmentFiles();
    const file = join(dir, first!);
    truncateSync(file, readFileSync(file).length - 4);
    const notices: string[] = [];
    const reopened = await Spool.open(dir, { segmentBytes: 100, onNotice: (m) => notices.push(m) });
    // The first segment holds two appends (0-5): its last record is cut.
    expect(await drain(reopened)).toBe(`${lines(0, 5)}${lines(6, 6)}`);
    expect(notices).toEqual([expect.stringMatching(/^moved damaged bytes \(\d+ bytes, from byte \d+ of .*000000000001\.lp\)/)]);
    await reopened.close();
  });

  it('counts a large spool and cuts a long torn record correctly, a chunk at a time', async () => {
    const spool = await Spool.open(dir);
    const many = lines(0, 100_000);
    await spool.append(many, 100_000);
    await spool.close();
    appendFileSync(join(dir, segmentFiles()[0]!), `m f="${'x'.repeat(200_000)}`);

    const reopened = await Spool.open(dir);
    expect(Buffer.byteLength(many)).toBeGreaterThan(1024 * 1024);
    expect(reopened.pendingLines).toBe(100_000);
    expect(await drain(reopened, 30_000)).toBe(many);
    await reopened.close();
  });

  it('replays from the oldest segment when the checkpoint is damaged: a replay, never a loss', async () => {
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 4), 4);
    await spool.ack((await spool.read(2))!);
    await spool.close();
    const sound = readFileSync(join(dir, 'checkpoint'), 'latin1');
    expect(sound).toMatch(/^1 \d+ [0-9a-f]{8} +\n$/);
    for (const damage of [sound.replace(/^1 (\d)/, '1 9'), 'not a checkpoint', sound.replace(/^1 /, '0 ')]) {
      writeFileSync(join(dir, 'checkpoint'), damage);
      const reopened = await Spool.open(dir);
      expect(reopened.pendingLines).toBe(4);
      await reopened.close();
    }
  });

  it('deletes each segment once all of it is acknowledged, the last one too, and never replays it', async () => {
    const spool = await Spool.open(dir, { segmentBytes: 100 });
    for (let k = 0; k < 10; k++) await spool.append(lines(k * 5, 5), 5);
    expect(segmentFiles().length).toBeGreaterThan(3);
    expect(await drain(spool, 3)).toBe(lines(0, 50));
    expect(segmentFiles()).toHaveLength(0);
    await spool.append(lines(50, 1), 1);
    await spool.close();
    const reopened = await Spool.open(dir, { segmentBytes: 100 });
    expect(await drain(reopened)).toBe(lines(50, 1));
    await reopened.close();
    const again = await Spool.open(dir, { segmentBytes: 100 });
    expect(again.pendingLines).toBe(0);
    await again.close();
  });

  it('deletes a written segment even when the checkpoint cannot be written, so a restart sends nothing again', async () => {
    // A directory where the checkpoint file goes: every write of it fails, as on a disk that refuses.
    mkdirSync(join(dir, 'checkpoint'));
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 5), 5);
    const batch = await spool.read(10);
    await expect(spool.ack(batch!)).rejects.toMatchObject({ code: 'spool-error', message: expect.stringContaining('cannot update the checkpoint') });
    expect(segmentFiles()).toEqual([]);
    expect(spool.pendingLines).toBe(0);
    await spool.close();
    rmSync(join(dir, 'checkpoint'), { recursive: true });
    const reopened = await Spool.open(dir);
    expect(reopened.pendingLines).toBe(0);
    expect(await reopened.read(10)).toBeNull();
    await reopened.close();
  });

  it('refuses an append past its bound with spool-full, naming the directory and the bound', async () => {
    const spool = await Spool.open(dir, { maxBytes: 100, segmentBytes: 10 });
    await spool.append(lines(0, 5), 5);
    const error = await spool.append(lines(5, 5), 5).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'spool-full', path: dir });
    expect(String(error)).toMatch(/spool full: .* holds 0\.0 MiB of its 0\.0 MiB bound with 5 points/);
    await drain(spool);
    await spool.append(lines(5, 5), 5);
    expect(spool.pendingLines).toBe(5);
    await spool.close();
  });
});

describe('the lock', () => {
  const holder = () => JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')) as { pid: number; boot: string | null; start: number | null };

  it('lets one spool at a time use a directory, in this process and in another', async () => {
    const spool = await Spool.open(dir);
    await expect(Spool.open(dir)).rejects.toMatchObject({ code: 'spool-locked', message: expect.stringContaining('already open in this process') });
    // A live process that really holds it: the lock it wrote names its pid, boot and start time.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await spool.close();
      const real = { ...lockOf(child.pid!) };
      writeFileSync(join(dir, 'lock'), JSON.stringify(real));
      await expect(Spool.open(dir)).rejects.toMatchObject({ code: 'spool-locked', message: expect.stringContaining(`in use by process ${child.pid}`) });
    } finally {
      child.kill('SIGKILL');
    }
  });

  const stale: [string, () => string, RegExp][] = [
    ['a process that died', () => spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim(), /process \d+ is no longer running/],
    ['this very process (a PID reused after a reboot)', () => JSON.stringify({ ...lockOf(process.pid) }), /names this very process/],
    ['a live foreign process with another start time (PID reused)', () => JSON.stringify({ ...lockOf(1), start: 12345678 }), /process 1 is another process than the one that took it/],
    ['a process of an earlier boot', () => JSON.stringify({ ...lockOf(1), boot: '00000000-0000-0000-0000-000000000000' }), /process 1 ran before the last reboot/],
  ];
  for (const [what, content, reason] of stale) {
    it(`takes over the lock of ${what}, and says so`, async () => {
      writeFileSync(join(dir, 'lock'), content());
      const notices: string[] = [];
      const spool = await Spool.open(dir, { onNotice: (m) => notices.push(m) });
      expect(notices).toEqual([expect.stringMatching(reason)]);
      expect(notices[0]).toMatch(/^took over the lock of spool /);
      expect(holder().pid).toBe(process.pid);
      await spool.close();
      expect(existsSync(join(dir, 'lock'))).toBe(false);
    });
  }

  it('reports a directory it cannot create as spool-error', async () => {
    writeFileSync(join(dir, 'file'), '');
    await expect(Spool.open(join(dir, 'file', 'spool'))).rejects.toMatchObject({ code: 'spool-error' });
  });
});
