import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait-for.js';

/** Two pseudo-terminals joined by socat: what is written to `b` comes out of `a`, like a meter on a P1 cable. */
export interface SocatPair {
  /** The reader's end. */
  a: string;
  /** The meter's end. */
  b: string;
  /** Kills socat (by default SIGKILL: the device vanishes as an unplugged cable does); resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();

/**
 * Starts `socat -d -d pty,raw,echo=0,link=DIR/ttyA pty,raw,echo=0,link=DIR/ttyB` and waits until both links exist
 * and socat copies bytes. Fails naming the package to install when socat is missing. `killAllSocat()` in an
 * `afterEach` ends whatever a test left running, even when it failed.
 */
export async function socatPair(dir: string): Promise<SocatPair> {
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  // A killed socat leaves its links behind; a new one must not find them.
  rmSync(a, { force: true });
  rmSync(b, { force: true });
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let log = '';
  let failure: Error | null = null;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => (log += text));
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure =
      error.code === 'ENOENT'
        ? new Error('these tests need socat, which is not installed: sudo apt-get install socat (Debian/Ubuntu package "socat")')
        : error;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  await waitFor(() => failure !== null || (existsSync(a) && existsSync(b) && log.includes('starting data transfer loop')), 'socat to make its ptys');
  if (failure !== null) throw failure;
  return {
    a,
    b,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Ends every socat this module started that still runs. */
export async function killAllSocat(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
