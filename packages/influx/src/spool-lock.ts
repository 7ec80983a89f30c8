import { readFileSync } from 'node:fs';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { uptime } from 'node:os';
import { join, resolve } from 'node:path';
import { InfluxError } from './influx-error.js';

// A lock names its holder by PID *and* what makes a PID unique: the boot (Linux's boot_id) and the process's start
// time (field 22 of /proc/PID/stat, in clock ticks since boot). A PID alone is reused: after a reboot a service
// often gets the same PID it had, and the old lock would name a live process (even this one). With boot and start
// time, a lock is held only while the very process that wrote it runs; a crash, a SIGKILL or a power cut leaves
// a lock that the next start sees is stale and takes over. Where /proc is missing (macOS), the lock file's time
// against the boot time stands in for the boot id, and a live PID is trusted.

const LOCK = 'lock';

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  /** Linux boot_id, or null where there is none. */
  boot: string | null;
  /** The process's start time in clock ticks since boot, or null where /proc is missing. */
  start: number | null;
}

/** Directories this process holds: a second spool on the same directory in one process is refused. */
const HELD = new Set<string>();

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const bootId = (): string | null => readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null;

/** Field 22 of /proc/PID/stat (after the command name, which may hold spaces and parentheses). */
function startTime(pid: number): number | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isSafeInteger(ticks) ? ticks : null;
}

/** A start time in ticks since boot as Unix milliseconds (Linux: btime of /proc/stat; USER_HZ is 100). */
function wallClockStart(ticks: number): number | null {
  const btime = Number(/^btime (\d+)$/m.exec(readProc('/proc/stat') ?? '')?.[1]);
  return Number.isFinite(btime) ? btime * 1000 + ticks * 10 : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

export function thisProcess(): LockHolder {
  return { pid: process.pid, boot: bootId(), start: startTime(process.pid) };
}

/** Why a lock's holder is gone, or null while it runs. Pure but for what it reads of /proc and the clock. */
export function staleReason(holder: Partial<LockHolder>, writtenAt: number): string | null {
  const pid = holder.pid;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return 'it names no process';
  const boot = bootId();
  if (holder.boot != null && boot !== null) {
    if (holder.boot !== boot) return `process ${pid} ran before the last reboot`;
  } else if (writtenAt < Date.now() - uptime() * 1000 - 1000) {
    return `it was written before the last reboot`;
  }
  if (pid === process.pid) return `it names this very process (${pid}), which does not hold it`;
  if (!isAlive(pid)) return `process ${pid} is no longer running`;
  const start = startTime(pid);
  if (holder.start != null && start !== null && holder.start !== start) return `process ${pid} is another process than the one that took it`;
  // An earlier version's lock names a PID only: a process that started after the lock was written did not write it.
  const startedAt = start === null ? null : wallClockStart(start);
  if (holder.start == null && startedAt !== null && startedAt > writtenAt + 1000) return `process ${pid} started after the lock was written`;
  return null;
}

/**
 * Takes the spool directory's lock, taking over a stale one (`onTakeover` says whose, and why); throws `spool-locked`
 * when the process that wrote it still runs, or when this process holds the directory already.
 */
export async function takeLock(dir: string, onTakeover: (message: string) => void): Promise<() => Promise<void>> {
  const key = resolve(dir);
  if (HELD.has(key)) {
    throw new InfluxError('spool-locked', `spool ${dir} is already open in this process: one writer per spool directory`, { path: dir });
  }
  const file = join(dir, LOCK);
  const me = thisProcess();
  const text = `${JSON.stringify(me)}\n`;
  try {
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    const [content, info] = await Promise.all([readFile(file, 'utf8').catch(() => ''), stat(file).catch(() => null)]);
    const holder = parseHolder(content);
    const reason = staleReason(holder, info?.mtimeMs ?? 0);
    if (reason === null) {
      throw new InfluxError('spool-locked', `spool ${dir} is in use by process ${holder.pid}: one writer per spool directory`, { path: dir });
    }
    // Written aside and renamed over: two processes taking over at once leave one lock whole, and the loser sees it.
    await writeFile(`${file}.${process.pid}`, text);
    await rename(`${file}.${process.pid}`, file);
    if ((await readFile(file, 'utf8').catch(() => '')) !== text) {
      throw new InfluxError('spool-locked', `spool ${dir} was just taken by another process: one writer per spool directory`, { path: dir });
    }
    onTakeover(`took over the lock of spool ${dir}: ${reason}`);
  }
  HELD.add(key);
  return async () => {
    HELD.delete(key);
    if ((await readFile(file, 'utf8').catch(() => '')) === text) await unlink(file).catch(() => undefined);
  };
}

/** A lock file's holder: this version's JSON, or the bare PID earlier versions wrote. */
function parseHolder(content: string): Partial<LockHolder> {
  try {
    const json = JSON.parse(content) as Partial<LockHolder>;
    if (typeof json === 'object' && json !== null) return json;
  } catch {
    // Not JSON: an earlier version's bare PID.
  }
  return { pid: Number(content.trim()) };
}
