// Runs the built `p1` command as a process, the way users run it: for the command tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = join(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

// Every secret a test hands to p1 (INFLUX_PASSWORD, INFLUX_TOKEN, a password or token in a URL or a config file)
// and every output of every run: test/no-secrets.ts checks after each test file that no output holds one.
const SECRETS = new Set<string>();
const OUTPUTS: { args: readonly string[]; text: string }[] = [];

/** Registers a secret a test writes somewhere p1 reads it (a config file): no output may hold it. */
export function secret(text: string): string {
  SECRETS.add(text);
  return text;
}

/** The outputs holding a registered secret, with the secret. */
export function leakedSecrets(): { args: string; secret: string }[] {
  return OUTPUTS.flatMap((o) => [...SECRETS].filter((s) => o.text.includes(s)).map((s) => ({ args: o.args.join(' '), secret: s })));
}

/** The secrets in a run's environment and arguments: credential variables, URL passwords and tokens. */
function registerSecrets(args: readonly string[], env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) if (/PASSWORD|TOKEN/.test(key) && value.length >= 4) SECRETS.add(value);
  for (const text of [...args, ...Object.values(env)]) {
    for (const m of text.matchAll(/[?&](?:p|password|token)=([^&#\s]{4,})/g)) SECRETS.add(decodeURIComponent(m[1]!));
    for (const m of text.matchAll(/\/\/[^/:@\s]+:([^@/\s]{4,})@/g)) SECRETS.add(decodeURIComponent(m[1]!));
  }
}

// A test that fails half-way must not leave a service or an emulator running behind it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Bytes for stdin; without it stdin is empty. */
  input?: string | Uint8Array;
  /** Variables on top of a clean environment (no INFLUX_* or P1_* from the developer's shell). */
  env?: Record<string, string>;
  /** Flags for node itself, e.g. a heap limit. */
  nodeArgs?: string[];
}

export interface Running {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once `condition` holds for the output so far; rejects after `timeout` ms or when the process ends first. */
  waitFor(condition: (out: { stdout: string; stderr: string }) => boolean, what: string, timeout?: number): Promise<void>;
  /** Resolves when the process has ended; kills it after `timeout` ms and rejects. */
  finished(timeout?: number): Promise<Finished>;
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(INFLUX_|P1_|STATE_DIRECTORY$)/.test(k)));
  return { ...env, ...extra };
}

/** Starts `p1 args...`. */
export function startP1(args: readonly string[], options: RunOptions = {}): Running {
  registerSecrets(args, options.env ?? {});
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((l) => l());
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((stdout += d), changed()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((stderr += d), changed()));
  const ended = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      live.delete(child);
      OUTPUTS.push({ args, text: stdout + stderr });
      resolve({ code, signal, stdout, stderr });
      changed();
    });
  });
  child.stdin!.on('error', () => {}); // the command may exit before reading all of its input
  child.stdin!.end(options.input ?? '');

  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(condition, what, timeout = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (condition({ stdout, stderr })) done(resolve);
          else if (child.exitCode !== null || child.signalCode !== null) {
            done(() => reject(new Error(`p1 ended (${child.exitCode ?? child.signalCode}) before ${what}\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr.slice(-2000)}`)));
          }
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeout} ms waiting for ${what}\nstderr: ${stderr.slice(-2000)}`))), timeout);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    finished(timeout = 60_000) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`p1 ${args.join(' ')} did not end within ${timeout} ms\nstderr: ${stderr.slice(-2000)}`));
        }, timeout);
      });
      return Promise.race([ended, limit]).finally(() => clearTimeout(timer));
    },
  };
}

/** Runs `p1 args...` to its end. */
export function runP1(args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  return startP1(args, options).finished();
}

/** The JSON lines of an output. */
export const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
