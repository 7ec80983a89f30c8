// A real Mosquitto broker for the tests (Debian's `mosquitto` 2.0): its own config in a temp dir, a free 127.0.0.1
// port, never the system service. Anonymous, with a password file, or with TLS under a test CA made at run time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary } from './binary.js';
import { freePort } from './free-port.js';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface MosquittoOptions {
  /** Accept only this user (a password file); anonymous clients are refused. */
  user?: { username: string; password: string };
  /** Listen with TLS only (`mqtts://`), with a server certificate for 127.0.0.1 signed by a test CA made now. */
  tls?: boolean;
  /** Extra lines for mosquitto.conf (e.g. `max_queued_messages 0`). */
  config?: readonly string[];
}

export interface MosquittoBroker {
  /** `mqtt://127.0.0.1:PORT` or `mqtts://127.0.0.1:PORT`. */
  url: string;
  port: number;
  dir: string;
  /** The test CA's certificate (PEM file) with `tls`, else null. */
  caFile: string | null;
  /** A CA file that did not sign the broker's certificate (for the TLS error tests), with `tls`, else null. */
  otherCaFile: string | null;
  /** The broker's log so far. */
  log(): string;
  /** Starts it (again) on the same port and config; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops it with SIGTERM and waits for its exit. */
  stop(): Promise<void>;
  /** Kills it with SIGKILL (a broker that crashes) and waits for its exit. */
  kill(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** A CA and a server certificate for 127.0.0.1 signed by it, made with openssl in `dir`. */
function makeCertificates(dir: string): { ca: string; otherCa: string; cert: string; key: string } {
  const openssl = binary('openssl', 'openssl');
  const run = (...args: string[]): void => void execFileSync(openssl, args, { cwd: dir, stdio: 'pipe' });
  const subject = (cn: string): string[] => ['-subj', `/CN=${cn}`];
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.crt', ...subject('p1 test CA'));
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', 'other-ca.key', '-out', 'other-ca.crt', ...subject('another CA'));
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', ...subject('127.0.0.1'));
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.crt', '-extfile', 'san.ext');
  return { ca: join(dir, 'ca.crt'), otherCa: join(dir, 'other-ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts a Mosquitto broker for a test; close it after the test (or use `useServer(startMosquitto)`). */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const command = binary('mosquitto', 'mosquitto');
  const dir = mkdtempSync(join(tmpdir(), 'p1-mosquitto-'));
  const port = await freePort();
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice'];
  // Run as root, mosquitto drops to the user "mosquitto", which cannot read the files in this temp dir.
  if (process.getuid?.() === 0) lines.push('user root');
  if (options.user !== undefined) {
    const passwords = join(dir, 'passwords');
    writeFileSync(passwords, '');
    execFileSync(binary('mosquitto_passwd', 'mosquitto'), ['-b', passwords, options.user.username, options.user.password], { stdio: 'pipe' });
    lines.push('allow_anonymous false', `password_file ${passwords}`);
  } else {
    lines.push('allow_anonymous true');
  }
  let certificates: ReturnType<typeof makeCertificates> | null = null;
  if (options.tls === true) {
    certificates = makeCertificates(dir);
    lines.push(`cafile ${certificates.ca}`, `certfile ${certificates.cert}`, `keyfile ${certificates.key}`);
  }
  lines.push(...(options.config ?? []));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `${lines.join('\n')}\n`);
  const logFile = join(dir, 'mosquitto.log');
  let child: ChildProcess | null = null;

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    live.delete(running);
  };

  const broker: MosquittoBroker = {
    url: `${options.tls === true ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    dir,
    caFile: certificates?.ca ?? null,
    otherCaFile: certificates?.otherCa ?? null,
    log: () => readFileSync(logFile, 'utf8'),
    async start() {
      const started = spawn(command, ['-c', config], { stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] });
      child = started;
      live.add(started);
      const deadline = Date.now() + 30_000;
      while (!(await accepts(port))) {
        if (started.exitCode !== null || started.signalCode !== null) throw new Error(`mosquitto exited while starting:\n${broker.log().slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`mosquitto not listening after 30 s:\n${broker.log().slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    async close() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await broker.start();
  } catch (error) {
    await broker.close();
    throw error;
  }
  return broker;
}
