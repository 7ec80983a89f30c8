import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { P1Error } from '@p1/core';
import { EmulatorError, SocatMissingError } from './emulator-error.js';
import type { P1Emulator } from './p1-emulator.js';

/** Options of `openPty`. */
export interface PtyOptions {
  /** Where the device appears: a symlink to the pseudo-terminal, e.g. `/tmp/ttyP1`. Its folder must exist. */
  path: string;
  /** Sends every `data` chunk of this emulator to the terminal. Without it, call `write()`. */
  source?: P1Emulator;
  /** The socat program. Default `socat` (found on PATH). */
  socat?: string;
  /** Bytes waiting for socat before data is lost, as on a serial line nobody reads. Default 1 MiB. */
  maxBuffered?: number;
}

/** The events of an `EmulatorPty`. */
export interface PtyEvents {
  /** socat ended: the device is gone. */
  close: [];
}


// socat reads `,`, `:` and `!` in an address as its own syntax; whitespace would split the argument in its logs.
const UNSAFE_PATH = /[,:!\s\\'"]/;

/**
 * A meter behind a pseudo-terminal, so programs open a real device path (`/tmp/ttyP1`) as they would a USB P1
 * cable. socat makes the terminal and copies our bytes to it. A pty ignores baud rate and parity, so any line
 * settings read it.
 */
export class EmulatorPty extends EventEmitter<PtyEvents> {
  private open = true;
  private readonly onData = (chunk: Uint8Array): void => this.write(chunk);

  constructor(
    private readonly socat: ChildProcess,
    /** The symlink given as `path`. */
    readonly path: string,
    /** The terminal device the symlink points to, e.g. `/dev/pts/3`. */
    readonly device: string,
    private readonly source: P1Emulator | undefined,
    private readonly maxBuffered: number,
  ) {
    super();
    socat.stdin!.on('error', () => {}); // EPIPE when socat dies first: the 'exit' below reports it
    socat.on('exit', () => {
      this.open = false;
      this.source?.off('data', this.onData);
      this.emit('close');
    });
    source?.on('data', this.onData);
  }

  /** Whether the device still exists. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Sends bytes to the terminal; lost when nobody has read the last megabyte. */
  write(chunk: Uint8Array): void {
    const stdin = this.socat.stdin!;
    if (!this.open || !stdin.writable || stdin.writableLength > this.maxBuffered) return;
    stdin.write(chunk);
  }

  /** Ends socat, which removes the symlink; resolves when it has exited. */
  close(): Promise<void> {
    this.source?.off('data', this.onData);
    if (!this.open) return Promise.resolve();
    return new Promise((resolve) => {
      this.socat.once('exit', () => resolve());
      this.socat.kill('SIGTERM');
    });
  }
}

/**
 * Makes a pseudo-terminal at `path` with socat. Rejects with `SocatMissingError` naming the package to install
 * when socat is not there, and with socat's own words when it cannot make the device.
 */
export function openPty(options: PtyOptions): Promise<EmulatorPty> {
  const { path, source, socat: program = 'socat', maxBuffered = 1 << 20 } = options;
  if (typeof path !== 'string' || path === '' || UNSAFE_PATH.test(path)) {
    return Promise.reject(new P1Error('invalid-option', `pty path must be a plain file path (no , : ! quotes or spaces), got "${String(path)}"`));
  }
  const child = spawn(program, ['-d', '-d', 'STDIO', `PTY,link=${path},raw,echo=0`], { stdio: ['pipe', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    let device = '';
    const fail = (error: Error): void => {
      child.stderr!.removeAllListeners('data');
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new SocatMissingError(
              `p1-emulator: a pseudo-terminal needs socat, which is not installed (${program} not found); ` +
                'install the "socat" package (Debian/Ubuntu: sudo apt-get install socat; macOS: brew install socat)',
              { cause: error },
            )
          : new EmulatorError('pty-failed', `p1-emulator: cannot start ${program}: ${error.message}`, { cause: error }),
      );
    });
    child.once('exit', (code) => fail(new EmulatorError('pty-failed', `p1-emulator: socat exited (${code}) before the pty was ready: ${log.trim()}`)));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      log += text;
      device ||= /PTY is (\S+)/.exec(log)?.[1] ?? '';
      // socat logs this once the terminal and its symlink exist and it copies bytes.
      if (device && log.includes('starting data transfer loop')) {
        child.removeAllListeners('exit');
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume(); // keep draining its log, or a chatty socat would block
        resolve(new EmulatorPty(child, path, device, source, maxBuffered));
      }
    });
  });
}
