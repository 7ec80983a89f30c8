import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { InfluxError } from './influx-error.js';

export interface SpoolOptions {
  /** Unsent bytes at which `append` refuses more (`spool-full`). Default 256 MiB: days of a 1 s meter. */
  maxBytes?: number;
  /** A new segment file starts past this size; a segment is deleted once all of it is written. Default 4 MiB. */
  segmentBytes?: number;
}

/** Lines read from the spool, not yet acknowledged. */
export interface SpoolBatch {
  /** Whole lines, each ending in `\n`, exactly as appended. */
  body: Buffer<ArrayBuffer>;
  lines: number;
  segment: number;
  /** Offset in the segment just past the batch: where the checkpoint moves on `ack`. */
  end: number;
}

interface Segment {
  id: number;
  /** Bytes on disk that a completed append put there; reads never go past it. */
  size: number;
}

const SEGMENT = /^(\d{12})\.lp$/;
const CHECKPOINT = 'checkpoint.json';
const LOCK = 'lock';
const REJECTED = 'rejected.lp';
const NEWLINE = 0x0a;
const READ_CHUNK = 64 * 1024;
// Opening a large spool counts its lines a megabyte at a time rather than reading it whole into memory.
const SCAN_CHUNK = 1024 * 1024;

const segmentName = (id: number): string => `${String(id).padStart(12, '0')}.lp`;

function countLines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(NEWLINE); i !== -1; i = buffer.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

function fsError(dir: string, what: string, cause: unknown): InfluxError {
  const code = (cause as { code?: unknown })?.code;
  return new InfluxError('spool-error', `cannot ${what} the spool in ${dir} (${typeof code === 'string' ? code : String(cause)})`, { path: dir });
}

/**
 * A durable queue of line-protocol lines in a directory: numbered segment files appended with one fsync per
 * append, a checkpoint of what the server has acknowledged, and a lock file. A line is on disk before `append`
 * resolves and leaves only after `ack`: a crash in between replays it, which stores the same point again (same
 * series and timestamp), so a replay never makes a duplicate.
 */
export class Spool {
  private tail: FileHandle | null = null;
  private lines: number;

  private constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly segments: Segment[],
    private position: { segment: number; offset: number },
    lines: number,
  ) {
    this.lines = lines;
  }

  /** Opens (or creates) the spool in `dir`: takes the lock, drops a torn last line, finds what is still to send. */
  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    const segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
    for (const [name, value] of [['maxBytes', maxBytes], ['segmentBytes', segmentBytes]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new InfluxError('invalid-option', `spool ${name} must be a whole number of bytes >= 1, got ${String(value)}`);
      }
    }
    try {
      await mkdir(dir, { recursive: true });
      await lock(dir);
      const ids = (await readdir(dir)).flatMap((f) => SEGMENT.exec(f)?.[1] ?? []).map(Number).sort((a, b) => a - b);
      const segments = await Promise.all(ids.map(async (id) => ({ id, size: (await stat(join(dir, segmentName(id)))).size })));
      const last = segments.at(-1);
      if (last !== undefined) {
        // An append cut short by a crash was never acknowledged: drop its partial last line.
        await withFile(join(dir, segmentName(last.id)), 'r+', async (handle) => {
          const whole = await endOfLastLine(handle, last.size);
          if (whole < last.size) await handle.truncate(whole);
          last.size = whole;
        });
      }
      const position = await readCheckpoint(dir, segments);
      let lines = 0;
      for (const segment of segments) {
        if (segment.id < position.segment) continue;
        const from = segment.id === position.segment ? position.offset : 0;
        await withFile(join(dir, segmentName(segment.id)), 'r', async (handle) => {
          for (let at = from; at < segment.size; at += SCAN_CHUNK) lines += countLines(await readAt(handle, at, Math.min(SCAN_CHUNK, segment.size - at)));
        });
      }
      return new Spool(dir, maxBytes, segmentBytes, segments, position, lines);
    } catch (error) {
      if (error instanceof InfluxError) throw error;
      throw fsError(dir, 'open', error);
    }
  }

  /** Lines on disk not yet acknowledged. */
  get pendingLines(): number {
    return this.lines;
  }

  /** Bytes not yet acknowledged (what `maxBytes` bounds; written segments add at most one more segment on disk). */
  get pendingBytes(): number {
    const total = this.segments.reduce((sum, s) => sum + s.size, 0);
    const head = this.segments[0];
    return head !== undefined && head.id === this.position.segment ? total - this.position.offset : total;
  }

  /**
   * Appends whole lines (each ending in `\n`) and fsyncs: resolved means on disk. Throws `spool-full` past
   * `maxBytes`, `spool-error` when the disk refuses. Callers append one at a time.
   */
  async append(text: string, lines: number): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    if (this.pendingBytes + data.length > this.maxBytes) {
      throw new InfluxError(
        'spool-full',
        `spool full: ${this.dir} holds ${mib(this.pendingBytes)} of its ${mib(this.maxBytes)} bound with ${this.lines} points ` +
          'the server has not accepted; new readings are refused until it takes them (or raise spoolMaxBytes)',
        { path: this.dir },
      );
    }
    let segment = this.segments.at(-1);
    try {
      if (segment === undefined || segment.size >= this.segmentBytes || this.tail === null) {
        if (segment === undefined || segment.size >= this.segmentBytes) {
          segment = { id: (segment?.id ?? 0) + 1, size: 0 };
          this.segments.push(segment);
        }
        await this.tail?.close();
        this.tail = await open(join(this.dir, segmentName(segment.id)), 'a');
        if (segment.size === 0) await syncDirectory(this.dir);
      }
      const { bytesWritten } = await this.tail.write(data);
      if (bytesWritten !== data.length) throw new Error(`wrote ${bytesWritten} of ${data.length} bytes`);
      await this.tail.datasync();
      segment.size += data.length;
      this.lines += lines;
    } catch (error) {
      // A part-written append (a full disk) would shift every later read: cut the file back to its last whole append.
      if (segment !== undefined) await this.tail?.truncate(segment.size).catch(() => undefined);
      throw fsError(this.dir, 'append to', error);
    }
  }

  /** Up to `maxLines` lines from the oldest unacknowledged one, within one segment; null when there are none. */
  async read(maxLines: number): Promise<SpoolBatch | null> {
    await this.dropConsumedHead();
    const segment = this.segments.find((s) => s.id === this.position.segment);
    if (segment === undefined || this.position.offset >= segment.size) return null;
    const chunks: Buffer[] = [];
    let offset = this.position.offset;
    let lines = 0;
    try {
      await withFile(join(this.dir, segmentName(segment.id)), 'r', async (handle) => {
        while (lines < maxLines && offset < segment.size) {
          const chunk = await readAt(handle, offset, Math.min(READ_CHUNK, segment.size - offset));
          let used = chunk.length;
          for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) {
            if (++lines === maxLines) {
              used = i + 1;
              break;
            }
          }
          chunks.push(chunk.subarray(0, used));
          offset += used;
        }
      });
    } catch (error) {
      throw fsError(this.dir, 'read', error);
    }
    // Appends end on a newline and `size` counts completed appends only, so the batch is whole lines.
    return { body: Buffer.concat(chunks), lines, segment: segment.id, end: offset };
  }

  /** Marks a batch as written: the checkpoint moves past it, and a segment wholly written is deleted. */
  async ack(batch: SpoolBatch): Promise<void> {
    this.position = { segment: batch.segment, offset: batch.end };
    this.lines -= batch.lines;
    try {
      // Written without fsync on purpose: a checkpoint lost in a crash only replays points, it never loses one.
      const file = join(this.dir, CHECKPOINT);
      await writeFile(`${file}.tmp`, JSON.stringify(this.position));
      await rename(`${file}.tmp`, file);
      await this.dropConsumedHead();
    } catch (error) {
      throw fsError(this.dir, 'update', error);
    }
  }

  /** Moves a batch the server refused to `rejected.lp` in the spool directory, then acknowledges it. */
  async reject(batch: SpoolBatch): Promise<void> {
    try {
      await withFile(join(this.dir, REJECTED), 'a', async (handle) => {
        await handle.write(batch.body);
        await handle.datasync();
      });
    } catch (error) {
      throw fsError(this.dir, 'write rejected.lp in', error);
    }
    await this.ack(batch);
  }

  /** Closes the files and releases the lock; what is unacknowledged stays for the next `open`. */
  async close(): Promise<void> {
    await this.tail?.close();
    this.tail = null;
    await unlink(join(this.dir, LOCK)).catch(() => undefined);
  }

  private async dropConsumedHead(): Promise<void> {
    for (;;) {
      const head = this.segments[0];
      if (head === undefined || this.segments.length === 1) return;
      const consumed = head.id < this.position.segment || (head.id === this.position.segment && this.position.offset >= head.size);
      if (!consumed) return;
      this.segments.shift();
      if (this.position.segment === head.id) this.position = { segment: this.segments[0]!.id, offset: 0 };
      await unlink(join(this.dir, segmentName(head.id))).catch(() => undefined);
    }
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function syncDirectory(dir: string): Promise<void> {
  return withFile(dir, 'r', (handle) => handle.sync());
}

/** Takes the directory's lock file, or throws `spool-locked` when a live process holds it. */
async function lock(dir: string): Promise<void> {
  const file = join(dir, LOCK);
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
  const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder)) {
    throw new InfluxError(
      'spool-locked',
      `spool ${dir} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}: one writer per spool directory`,
      { path: dir },
    );
  }
  // The holder is gone (killed before it could release the lock): take it over.
  await writeFile(file, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Where sending resumes: the checkpoint if it is sound, else the start of the oldest segment (a replay, not a loss). */
async function readCheckpoint(dir: string, segments: Segment[]): Promise<{ segment: number; offset: number }> {
  const start = { segment: segments[0]?.id ?? 1, offset: 0 };
  let saved: { segment?: unknown; offset?: unknown };
  try {
    saved = JSON.parse(await readFile(join(dir, CHECKPOINT), 'utf8')) as typeof saved;
  } catch {
    return start;
  }
  const segment = segments.find((s) => s.id === saved.segment);
  const offset = saved.offset;
  if (segment === undefined || typeof offset !== 'number' || !Number.isSafeInteger(offset)) return start;
  if (offset < 0 || offset > segment.size) return start;
  if (offset === 0) return { segment: segment.id, offset };
  const before = await withFile(join(dir, segmentName(segment.id)), 'r', (handle) => readAt(handle, offset - 1, 1));
  return before[0] === NEWLINE ? { segment: segment.id, offset } : start;
}

async function withFile<T>(path: string, flags: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(path, flags);
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The offset just past the file's last newline (0 if it has none), read backwards from its end. */
async function endOfLastLine(handle: FileHandle, size: number): Promise<number> {
  for (let end = size; end > 0; end -= READ_CHUNK) {
    const from = Math.max(0, end - READ_CHUNK);
    const newline = (await readAt(handle, from, end - from)).lastIndexOf(NEWLINE);
    if (newline !== -1) return from + newline + 1;
  }
  return 0;
}
