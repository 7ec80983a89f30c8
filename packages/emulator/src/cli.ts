#!/usr/bin/env node
import { runCli } from './run-cli.js';

// Ctrl-C and kill end the emulator cleanly: outputs closed, socat gone, the pty's symlink removed.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => interrupt.abort());
// Started by a wrapper with an IPC channel (`p1 emulate`): the channel closes when the wrapper dies, even by SIGKILL,
// and the emulator ends as on Ctrl-C instead of living on, orphaned, with its socat and port. Unref'd: the channel
// alone does not keep the emulator running.
if (process.channel) {
  process.once('disconnect', () => interrupt.abort());
  process.channel.unref();
}

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal }).then((code) => {
  process.exitCode = code;
});
