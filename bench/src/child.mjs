// Memory is measured in child processes: a fresh heap holds only what is measured (not the bench's corpora), and
// node flags such as --expose-gc apply there alone. A child prints one JSON object on stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs `script` (relative to this folder) in a new node process; resolves with the JSON it printed. */
export function runNodeChild(script, args, nodeFlags = []) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, path, ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (data) => (out += data));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`${script} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}
