#!/usr/bin/env node
import { runCli } from './run-cli.js';

// Ctrl-C and kill end every command cleanly: the terminal restored, the device released, spooled points flushed.
// A second Ctrl-C while that is under way ends the process at once. Copies of the first that arrive together with
// it (npx and pnpm pass a terminal's Ctrl-C on to the process that already got it) do not count as a second.
const REPEAT_AFTER_MS = 500;
const interrupt = new AbortController();
let interruptedAt = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!interrupt.signal.aborted) {
      interruptedAt = Date.now();
      interrupt.abort();
    } else if (Date.now() - interruptedAt > REPEAT_AFTER_MS) {
      process.exit(130);
    }
  });
}

void runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
}).then((code) => {
  process.exitCode = code;
});
