// Runs the built `p1 serve` (apps/p1) as a process on a free port, for the tests and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const P1_CLI = join(dirname(fileURLToPath(import.meta.url)), '../../p1/dist/cli.js');

export interface P1Serve {
  child: ChildProcess;
  url: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts `p1 serve ARGS` (on a free port unless ARGS name one) and resolves with its URL once it listens. */
export function startServe(args: readonly string[], timeout = 60_000): Promise<P1Serve> {
  const port = args.includes('--http-port') ? [] : ['--http-port', '0'];
  const child = spawn(process.execPath, [P1_CLI, 'serve', ...port, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return ended;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`p1 serve did not start within ${timeout} ms: ${stderr}`));
    }, timeout);
    child.stderr!.on('data', (d: string) => {
      stderr += d;
      const url = /dashboard at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ child, url, stderr: () => stderr, stop });
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`p1 serve ended (${code}) before it listened: ${stderr}`));
    });
  });
}
