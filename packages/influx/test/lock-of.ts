// What a spool lock written by process `pid` says: its PID, Linux's boot id and its start time from /proc (as the
// spool's own lock writes them), for tests that plant stale locks.
import { readFileSync } from 'node:fs';

export interface LockContent {
  pid: number;
  boot: string | null;
  start: number | null;
}

export function lockOf(pid: number): LockContent {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return {
    pid,
    boot: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    start: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]),
  };
}
