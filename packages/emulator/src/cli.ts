#!/usr/bin/env node
import { runCli } from './run-cli.js';

// Ctrl-C and kill end the emulator cleanly: outputs closed, socat gone, the pty's symlink removed.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => interrupt.abort());

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal }).then((code) => {
  process.exitCode = code;
});
