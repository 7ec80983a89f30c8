import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from './spool.js';

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

  it('drops a torn last line left by a crash in the middle of an append', async () => {
    const spool = await Spool.open(dir);
    await spool.append(lines(0, 3), 3);
    await spool.close();
    const [segment] = readdirSync(dir).filter((f) => f.endsWith('.lp'));
    appendFileSync(join(dir, segment!), 'm f=3 3\nm f=4');

    const reopened = await Spool.open(dir);
    expect(reopened.pendingLines).toBe(4);
    await reopened.append(lines(5, 1), 1);
    expect(await drain(reopened)).toBe(`${lines(0, 3)}m f=3 3\n${lines(5, 1)}`);
    await reopened.close();
  });

  it('counts a large spool and cuts a long torn line correctly, a chunk at a time', async () => {
    const spool = await Spool.open(dir);
    const many = lines(0, 100_000);
    await spool.append(many, 100_000);
    await spool.close();
    const [segment] = readdirSync(dir).filter((f) => f.endsWith('.lp'));
    appendFileSync(join(dir, segment!), `m f="${'x'.repeat(200_000)}`);

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
    for (const damage of ['{"segment":1,"offset":3}', 'not json', '{"segment":99,"offset":0}']) {
      writeFileSync(join(dir, 'checkpoint.json'), damage);
      const reopened = await Spool.open(dir);
      expect(reopened.pendingLines).toBe(4);
      await reopened.close();
    }
  });

  it('starts new segment files and deletes each once all of it is acknowledged', async () => {
    const spool = await Spool.open(dir, { segmentBytes: 100 });
    for (let k = 0; k < 10; k++) await spool.append(lines(k * 5, 5), 5);
    const segments = () => readdirSync(dir).filter((f) => f.endsWith('.lp'));
    expect(segments().length).toBeGreaterThan(3);
    expect(await drain(spool, 3)).toBe(lines(0, 50));
    expect(segments()).toHaveLength(1);
    await spool.close();
    const reopened = await Spool.open(dir, { segmentBytes: 100 });
    expect(reopened.pendingLines).toBe(0);
    await reopened.close();
  });

  it('refuses an append past its bound with spool-full, naming the directory and the bound', async () => {
    const spool = await Spool.open(dir, { maxBytes: 60, segmentBytes: 10 });
    await spool.append(lines(0, 5), 5);
    const error = await spool.append(lines(5, 5), 5).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'spool-full', path: dir });
    expect(String(error)).toMatch(/spool full: .* holds 0\.0 MiB of its 0\.0 MiB bound with 5 points/);
    await drain(spool);
    await spool.append(lines(5, 5), 5);
    expect(spool.pendingLines).toBe(5);
    await spool.close();
  });

  it('lets one process at a time use a directory, and takes over the lock of a process that died', async () => {
    const spool = await Spool.open(dir);
    await expect(Spool.open(dir)).rejects.toMatchObject({ code: 'spool-locked' });
    await spool.close();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(dir, 'lock'), dead);
    const taken = await Spool.open(dir);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    await taken.close();
  });

  it('reports a directory it cannot create as spool-error', async () => {
    writeFileSync(join(dir, 'file'), '');
    await expect(Spool.open(join(dir, 'file', 'spool'))).rejects.toMatchObject({ code: 'spool-error' });
  });
});
