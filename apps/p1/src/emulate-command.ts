import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { formatHelp } from './format-help.js';

/** The emulator's own CLI (`p1-emulator`), found through its package. */
function emulatorBin(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@p1/emulator/package.json');
  } catch {
    throw new CliError('p1 emulate needs the package @p1/emulator, which is not installed. In the p1 repository run: pnpm install && pnpm build');
  }
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> }).bin?.['p1-emulator'];
  if (bin === undefined) throw new CliError('@p1/emulator has no p1-emulator command: update it');
  return join(dirname(manifest), bin);
}

/**
 * `p1 emulate ARGS` is `p1-emulator ARGS`: run as a child on this process's stdio, so its output, its exit code and
 * its clean shutdown on Ctrl-C are exactly its own.
 */
async function emulate(args: ParsedArgs, io: CliIo): Promise<number> {
  const bin = emulatorBin();
  if (args.positionals.includes('--help') || args.positionals.includes('-h')) {
    io.stdout.write(`${formatHelp('emulate', EMULATE_COMMAND)}\n`);
  }
  // The IPC channel is the child's lifeline: it closes when this process dies, even by SIGKILL, and p1-emulator
  // then stops and takes its socat with it.
  const child = spawn(process.execPath, [bin, ...args.positionals], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const forward = (): void => void child.kill('SIGTERM');
  io.signal.addEventListener('abort', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      io.signal.removeEventListener('abort', forward);
      resolve(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
    });
  });
}

export const EMULATE_COMMAND: Command = {
  summary: 'A smart meter in software: telegrams on stdout, TCP or a pseudo-terminal (the emulator\'s CLI).',
  usage: 'p1 emulate [emulator options]',
  description: 'Runs p1-emulator from @p1/emulator with the options given; `p1 emulate --help` shows them all.',
  options: {},
  positionals: true,
  passThrough: true,
  examples: [
    'p1 emulate --count 86400 --stdout > capture.txt   # a day of a DSMR 5 household (a telegram a second), at once',
    'p1 emulate --profile dsmr5 --tcp 2323        # then: p1 watch --port tcp://127.0.0.1:2323',
    'p1 emulate --pty /tmp/ttyP1                  # then: p1 watch --port /tmp/ttyP1',
    'p1 emulate --steady --tcp 2323               # p1-reader\'s emulator mode: DSMR 4, every 10 s',
  ],
  run: emulate,
};
