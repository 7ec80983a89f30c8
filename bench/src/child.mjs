// Memory is measured in child processes: a fresh heap holds only what is measured (not the bench's corpora), and
// node flags such as --expose-gc apply there alone. A child prints one JSON object on stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `script` (relative to this folder) in a new node process; resolves with the JSON it printed.
 *
 * The child is started through a shell. Linux keeps, in getrusage's maxRSS, the RSS the process had when it was
 * forked from the bench (exec does not reset it), so a direct child would report the bench's few hundred MB of
 * corpora as its own peak. The shell is forked from the bench, but node is forked from the small shell; the
 * `; exit` keeps the shell from exec'ing node in its own place.
 */
export function runNodeChild(script, args = [], nodeFlags = []) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const argv = [process.execPath, ...nodeFlags, path, ...args.map(String)];
  return new Promise((resolve, reject) => {
    // Its own process group, so that an early exit of the bench can stop the shell and node together.
    const child = spawn('/bin/sh', ['-c', '"$@"; exit $?', 'sh', ...argv], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    process.once('exit', stop);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (data) => (out += data));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('exit', stop);
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`${script} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}
