import { constants } from 'node:fs';
import { mkdir, open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { RejectedLine } from './deliver-batch.js';
import { InfluxError } from './influx-error.js';
import { takeLock } from './spool-lock.js';
import { encodeRecords, NEWLINE, recordLine } from './spool-record.js';

export interface SpoolOptions {
  /** Unsent bytes at which `append` refuses more (`spool-full`). Default 256 MiB: days of a 1 s meter. */
  maxBytes?: number;
  /** A new segment file starts past this size; a segment is deleted once all of it is written. Default 4 MiB. */
  segmentBytes?: number;
  /** Told what the spool did on its own: damaged records set aside, a torn record dropped, a stale lock taken over. */
  onNotice?: (message: string) => void;
}

/** Lines read from the spool, not yet acknowledged. */
export interface SpoolBatch {
  /** Whole lines of line protocol, each ending in `\n`, as appended (records checked, framing removed). */
  body: Buffer<ArrayBuffer>;
  lines: number;
  /** Records the batch covers: its lines and the damaged records among them, set aside already. */
  records: number;
  segment: number;
  /** Offset in the segment just past the batch: where the checkpoint moves on `ack`. */
  end: number;
}

interface Segment {
  id: number;
  /** Bytes on disk that a completed append put there; reads never go past it. */
  size: number;
}

interface Position {
  segment: number;
  offset: number;
}

const SEGMENT = /^(\d{12})\.lp$/;
const CHECKPOINT = 'checkpoint';
const CHECKPOINT_BYTES = 64;
const REJECTED = 'rejected.lp';
const QUARANTINE = 'quarantine';
// Reads go a window at a time: a batch of 5000 lines is about 3.5 MB, a segment at most 4 MiB.
const WINDOW = 1024 * 1024;
const READ_BACK = 64 * 1024;

const segmentName = (id: number): string => `${String(id).padStart(12, '0')}.lp`;

function countLines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(NEWLINE); i !== -1; i = buffer.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

function fsError(dir: string, what: string, cause: unknown): InfluxError {
  if (cause instanceof InfluxError) return cause;
  const code = (cause as { code?: unknown })?.code;
  return new InfluxError('spool-error', `cannot ${what} the spool in ${dir} (${typeof code === 'string' ? code : String(cause)})`, { path: dir, cause });
}

/** The checkpoint as 64 bytes, rewritten in place: no new disk block is needed, so it works on a full disk too. */
function checkpointBytes(position: Position): Buffer {
  const text = `${position.segment} ${position.offset}`;
  const buffer = Buffer.alloc(CHECKPOINT_BYTES, ' ');
  buffer.write(`${text} ${crc32(text).toString(16).padStart(8, '0')}`);
  buffer[CHECKPOINT_BYTES - 1] = NEWLINE;
  return buffer;
}

function parseCheckpoint(text: string): Position | null {
  const match = /^(\d+) (\d+) ([0-9a-f]{8}) *\n?$/.exec(text);
  if (match === null || crc32(`${match[1]} ${match[2]}`) !== parseInt(match[3]!, 16)) return null;
  return { segment: Number(match[1]), offset: Number(match[2]) };
}

/**
 * A durable queue of line-protocol lines in a directory: numbered segment files of checksummed records (one line
 * each, see spool-record.ts) appended with one fsync per append, a checkpoint of what the server has acknowledged,
 * and a lock. A line is on disk before `append` resolves and leaves only after `ack`: a crash in between replays it,
 * which stores the same point again (same series and time), so a replay never makes a duplicate. A damaged record is
 * moved to `quarantine` (said once through `onNotice`); the records around it are read as usual.
 */
export class Spool {
  private tail: FileHandle | null = null;
  private checkpoint: FileHandle | null = null;
  private lines: number;
  private busy: Promise<unknown> = Promise.resolve();
  /** Damaged records before this point are in the quarantine file already: a batch read again is not set aside twice. */
  private quarantinedTo: Position;

  private constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly notice: (message: string) => void,
    private readonly release: () => Promise<void>,
    private readonly segments: Segment[],
    private position: Position,
    private nextId: number,
    lines: number,
  ) {
    this.lines = lines;
    this.quarantinedTo = { ...position };
  }

  /** Opens (or creates) the spool in `dir`: takes the lock, drops a torn last record, finds what is still to send. */
  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    const segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
    const notice = options.onNotice ?? (() => undefined);
    for (const [name, value] of [['maxBytes', maxBytes], ['segmentBytes', segmentBytes]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new InfluxError('invalid-option', `spool ${name} must be a whole number of bytes >= 1, got ${String(value)}`);
      }
    }
    let release: (() => Promise<void>) | null = null;
    try {
      await mkdir(dir, { recursive: true });
      release = await takeLock(dir, notice);
      const ids = (await readdir(dir)).flatMap((f) => SEGMENT.exec(f)?.[1] ?? []).map(Number).sort((a, b) => a - b);
      const segments = await Promise.all(ids.map(async (id) => ({ id, size: (await stat(join(dir, segmentName(id)))).size })));
      const last = segments.at(-1);
      if (last !== undefined) {
        // An append cut short by a crash was never acknowledged: drop its partial last record, and say so.
        await withFile(join(dir, segmentName(last.id)), 'r+', async (handle) => {
          const whole = await endOfLastLine(handle, last.size);
          if (whole < last.size) {
            await handle.truncate(whole);
            notice(`dropped a torn last record (${last.size - whole} bytes) at the end of ${join(dir, segmentName(last.id))}: an append cut short by a crash or power cut`);
          }
          last.size = whole;
        });
      }
      const saved = await readCheckpoint(dir);
      const position = await startPosition(dir, segments, saved);
      // Segments before the checkpoint were written already (a crash came before their deletion).
      for (const old of segments.filter((s) => s.id < position.segment)) await unlink(join(dir, segmentName(old.id)));
      segments.splice(0, segments.filter((s) => s.id < position.segment).length);
      let lines = 0;
      for (const segment of segments) {
        if (segment.id < position.segment) continue;
        const from = segment.id === position.segment ? position.offset : 0;
        await withFile(join(dir, segmentName(segment.id)), 'r', async (handle) => {
          for (let at = from; at < segment.size; at += WINDOW) lines += countLines(await readAt(handle, at, Math.min(WINDOW, segment.size - at)));
        });
      }
      const nextId = Math.max(last?.id ?? 0, saved?.segment ?? 0) + 1;
      const spool = new Spool(dir, maxBytes, segmentBytes, notice, release, segments, position, nextId, lines);
      await spool.writeCheckpoint().catch(() => undefined);
      return spool;
    } catch (error) {
      await release?.();
      throw fsError(dir, 'open', error);
    }
  }

  /** Records on disk not yet acknowledged (lines, and damaged records not reached yet). */
  get pendingLines(): number {
    return this.lines;
  }

  /** Bytes not yet acknowledged (what `maxBytes` bounds). */
  get pendingBytes(): number {
    const total = this.segments.reduce((sum, s) => sum + s.size, 0);
    const head = this.segments[0];
    return head !== undefined && head.id === this.position.segment ? total - this.position.offset : total;
  }

  /**
   * Appends whole lines (each ending in `\n`) and fsyncs: resolved means on disk. Throws `spool-full` past
   * `maxBytes`, `spool-error` when the disk refuses (nothing of the append stays on disk then).
   */
  append(text: string, lines: number): Promise<void> {
    return this.exclusive(() => this.appendNow(encodeRecords(text), lines));
  }

  /** Up to `maxLines` good lines from the oldest unacknowledged one, within one segment; null when there are none. */
  read(maxLines: number): Promise<SpoolBatch | null> {
    return this.exclusive(() => this.readNow(maxLines));
  }

  /**
   * Marks a batch as written: the checkpoint moves past it, and segments wholly written are deleted (the last one
   * too), even when the checkpoint cannot be written (a full disk): deleting needs no space.
   */
  ack(batch: SpoolBatch): Promise<void> {
    return this.exclusive(() => this.advance(batch.segment, batch.end, batch.records));
  }

  /**
   * Writes the lines the server refused to `rejected.lp` in the spool directory, each after a `#` line saying why,
   * then acknowledges the batch (if the lines came from one).
   */
  reject(batch: SpoolBatch | null, rejected: readonly RejectedLine[]): Promise<void> {
    return this.exclusive(async () => {
      if (rejected.length > 0) {
        const text = rejected.map((r) => `# ${r.reason.replace(/[\r\n]+/g, ' ')}\n${r.line.toString('utf8').replace(/\n$/, '')}\n`).join('');
        try {
          await appendSynced(join(this.dir, REJECTED), Buffer.from(text, 'utf8'));
        } catch (error) {
          throw fsError(this.dir, 'write rejected.lp in', error);
        }
      }
      if (batch !== null) await this.advance(batch.segment, batch.end, batch.records);
    });
  }

  /** Closes the files and releases the lock; what is unacknowledged stays for the next `open`. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      await this.tail?.close().catch(() => undefined);
      await this.checkpoint?.close().catch(() => undefined);
      this.tail = null;
      this.checkpoint = null;
      await this.release();
    });
  }

  /** Runs `task` after every task before it: appends, reads and acks never interleave. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.busy.then(task, task);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async appendNow(data: Buffer, lines: number): Promise<void> {
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
      if (segment === undefined || segment.size >= this.segmentBytes) {
        await this.tail?.close();
        this.tail = null;
        segment = { id: this.nextId++, size: 0 };
        this.segments.push(segment);
        if (this.segments.length === 1) this.position = { segment: segment.id, offset: 0 };
      }
      if (this.tail === null) {
        // Written at the size this spool knows, not appended: bytes someone else added to the file are overwritten.
        this.tail = await open(join(this.dir, segmentName(segment.id)), constants.O_RDWR | constants.O_CREAT);
        if (segment.size === 0) await syncDirectory(this.dir);
      }
      // A short write (a disk filling up) goes on with the rest: the next write says why it cannot (ENOSPC).
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await this.tail.write(data, done, data.length - done, segment.size + done);
        if (bytesWritten === 0) throw new Error(`wrote ${done} of ${data.length} bytes`);
        done += bytesWritten;
      }
      await this.tail.datasync();
      segment.size += data.length;
      this.lines += lines;
    } catch (error) {
      // A part-written append (a full disk) must not stay: cut the file back to its last whole append.
      if (segment !== undefined) await this.tail?.truncate(segment.size).catch(() => undefined);
      throw fsError(this.dir, 'append to', error);
    }
  }

  private async readNow(maxLines: number): Promise<SpoolBatch | null> {
    for (;;) {
      const segment = this.segments.find((s) => s.id === this.position.segment);
      // Nothing left to read: whatever the count said, nothing is pending (a sender must not spin on a count).
      if (segment === undefined) return this.nothingLeft();
      if (this.position.offset >= segment.size) {
        const next = this.segments.find((s) => s.id > segment.id);
        if (next === undefined) return this.nothingLeft();
        await this.advance(segment.id, segment.size, 0);
        continue;
      }
      let batch: SpoolBatch & { damaged: Buffer[]; damagedAt: number; damagedRecords: number };
      try {
        batch = await withFile(join(this.dir, segmentName(segment.id)), 'r', (handle) => this.scan(handle, segment, maxLines));
      } catch (error) {
        throw fsError(this.dir, 'read', error);
      }
      if (batch.damaged.length > 0) await this.quarantine(segment, batch);
      if (batch.lines > 0) return { body: batch.body, lines: batch.lines, records: batch.records, segment: batch.segment, end: batch.end };
      // Only damaged records: set aside, and on to what follows them.
      await this.advance(segment.id, batch.end, batch.records);
    }
  }

  private nothingLeft(): null {
    this.lines = 0;
    return null;
  }

  /** Reads records from the position on until `maxLines` good lines or the segment's end; checks each one. */
  private async scan(handle: FileHandle, segment: Segment, maxLines: number) {
    const bodies: Buffer[] = [];
    const damaged: Buffer[] = [];
    let damagedAt = -1;
    let damagedRecords = 0;
    let lines = 0;
    let records = 0;
    let offset = this.position.offset;
    const setAside = (bytes: Buffer, at: number, isRecord: boolean): void => {
      if (damagedAt === -1) damagedAt = at;
      damaged.push(Buffer.from(bytes));
      if (isRecord) damagedRecords++;
    };
    while (lines < maxLines && offset < segment.size) {
      const window = await readAt(handle, offset, Math.min(WINDOW, segment.size - offset));
      const out = Buffer.allocUnsafe(window.length);
      let used = 0;
      let start = 0;
      for (let end = window.indexOf(NEWLINE); end !== -1 && lines < maxLines; end = window.indexOf(NEWLINE, start)) {
        const line = recordLine(window, start, end);
        if (line === null) setAside(window.subarray(start, end + 1), offset + start, true);
        else {
          used += line.copy(out, used);
          out[used++] = NEWLINE;
          lines++;
        }
        records++;
        start = end + 1;
      }
      if (start === 0 && lines < maxLines) {
        // No newline in a whole window (garbage), or bytes without one at the end of an older segment: damaged too.
        setAside(window, offset, false);
        start = window.length;
      }
      bodies.push(out.subarray(0, used));
      offset += start;
    }
    const body = Buffer.concat(bodies) as Buffer<ArrayBuffer>;
    return { body, lines, records, segment: segment.id, end: offset, damaged, damagedAt, damagedRecords };
  }

  /** Moves damaged records to the quarantine file (once: a batch read again is not set aside again) and says so. */
  private async quarantine(segment: Segment, batch: { damaged: Buffer[]; damagedAt: number; damagedRecords: number; end: number }): Promise<void> {
    const { segment: doneSegment, offset: doneOffset } = this.quarantinedTo;
    if (segment.id < doneSegment || (segment.id === doneSegment && batch.damagedAt < doneOffset)) return;
    const bytes = Buffer.concat(batch.damaged);
    const file = join(this.dir, QUARANTINE);
    try {
      await appendSynced(file, bytes);
    } catch (error) {
      throw fsError(this.dir, 'write the quarantine file in', error);
    }
    this.quarantinedTo = { segment: segment.id, offset: batch.end };
    const count = batch.damagedRecords === 0 ? 'damaged bytes' : `${batch.damagedRecords} damaged record${batch.damagedRecords === 1 ? '' : 's'}`;
    this.notice(
      `moved ${count} (${bytes.length} bytes, from byte ${batch.damagedAt} of ${join(this.dir, segmentName(segment.id))}) to ${file}; ` +
        'the records before and after them are sent as usual',
    );
  }

  /** Moves the position to `end` of `segmentId`, writes the checkpoint, deletes what is wholly consumed. */
  private async advance(segmentId: number, end: number, records: number): Promise<void> {
    this.position = { segment: segmentId, offset: end };
    this.lines = Math.max(0, this.lines - records);
    const consumed = this.segments.filter((s) => s.id < segmentId || (s.id === segmentId && end >= s.size));
    if (consumed.length === this.segments.length) this.position = { segment: this.nextId, offset: 0 };
    else if (consumed.some((s) => s.id === segmentId)) this.position = { segment: this.segments[consumed.length]!.id, offset: 0 };
    let failure: unknown = null;
    try {
      await this.writeCheckpoint();
    } catch (error) {
      failure = error;
    }
    for (const segment of consumed) {
      if (segment === this.segments.at(-1)) {
        await this.tail?.close().catch(() => undefined);
        this.tail = null;
      }
      this.segments.splice(this.segments.indexOf(segment), 1);
      await unlink(join(this.dir, segmentName(segment.id))).catch(() => undefined);
    }
    if (failure !== null) throw fsError(this.dir, 'update the checkpoint of', failure);
  }

  private async writeCheckpoint(): Promise<void> {
    this.checkpoint ??= await open(join(this.dir, CHECKPOINT), constants.O_RDWR | constants.O_CREAT);
    // Not fsynced on purpose (SD cards wear): a checkpoint lost in a power cut only replays points, it never loses one.
    await this.checkpoint.write(checkpointBytes(this.position), 0, CHECKPOINT_BYTES, 0);
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function syncDirectory(dir: string): Promise<void> {
  return withFile(dir, 'r', (handle) => handle.sync());
}

async function appendSynced(path: string, data: Buffer): Promise<void> {
  await withFile(path, 'a', async (handle) => {
    await handle.write(data);
    await handle.datasync();
  });
}

async function readCheckpoint(dir: string): Promise<Position | null> {
  try {
    return parseCheckpoint(await withFile(join(dir, CHECKPOINT), 'r', async (h) => (await readAt(h, 0, CHECKPOINT_BYTES)).toString('latin1')));
  } catch {
    return null;
  }
}

/** Where sending resumes: the checkpoint if it is sound, else the start of the oldest segment (a replay, not a loss). */
async function startPosition(dir: string, segments: Segment[], saved: Position | null): Promise<Position> {
  const start = { segment: segments[0]?.id ?? (saved?.segment ?? 0) + 1, offset: 0 };
  if (saved === null) return start;
  const segment = segments.find((s) => s.id === saved.segment);
  if (segment === undefined) {
    // Its segment was deleted once written: what follows it is still to send.
    return { segment: segments.find((s) => s.id > saved.segment)?.id ?? saved.segment + 1, offset: 0 };
  }
  if (saved.offset > segment.size) return start;
  if (saved.offset === 0) return saved;
  const before = await withFile(join(dir, segmentName(segment.id)), 'r', (handle) => readAt(handle, saved.offset - 1, 1));
  return before[0] === NEWLINE ? saved : start;
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
  for (let end = size; end > 0; end -= READ_BACK) {
    const from = Math.max(0, end - READ_BACK);
    const newline = (await readAt(handle, from, end - from)).lastIndexOf(NEWLINE);
    if (newline !== -1) return from + newline + 1;
  }
  return 0;
}
