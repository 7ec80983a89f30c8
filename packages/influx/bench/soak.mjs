// The soak: `p1 influx --emulator dsmr5 --speed 0` into a real InfluxDB 1.x for a while, RSS sampled every 10 s;
// at the end, readings produced (the bridge's own count) against points stored (counted in InfluxDB).
// Run: SOAK_URL=http://127.0.0.1:8086 SOAK_SECONDS=600 node packages/influx/bench/soak.mjs   (after pnpm build)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const url = process.env.SOAK_URL ?? 'http://127.0.0.1:8086';
const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const db = `soak${Date.now()}`;
const query = async (q) => (await fetch(`${url}/query?${new URLSearchParams({ q, db })}`, { method: 'POST' })).json();

await query(`CREATE DATABASE ${db}`);
const spool = mkdtempSync(join(tmpdir(), 'p1-soak-'));
const cli = join(here, '../../../apps/p1/dist/cli.js');
const child = spawn(process.execPath, [cli, 'influx', '--emulator', 'dsmr5', '--speed', '0', '--url', url, '--database', db, '--spool', spool, '--status-every', '60', '--flush-timeout', '120'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
const rss = [];
const sample = () => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
  rss.push(Math.round(kb / 1024));
};
const sampler = setInterval(sample, 10_000);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
clearInterval(sampler);
const exited = new Promise((resolve) => child.once('exit', resolve));
child.kill('SIGTERM');
const code = await exited;
const stopped = /stopped: (\d+) readings, (\d+) points written, (\d+) spooled/.exec(stderr);
const count = await query('SELECT count(power_import) FROM electricity');
const stored = count.results[0].series?.[0].values[0][1] ?? 0;
console.log(stderr.split('\n').filter((l) => /stopped|error|not reachable|memory|dropped|quarantine/.test(l)).join('\n'));
console.log(`exit ${code}; ${seconds} s; readings produced ${stopped?.[1]}, electricity points stored ${stored}; points written ${stopped?.[2]}, left spooled ${stopped?.[3]}`);
console.log(`RSS MiB every 10 s: first ${rss[0]}, max ${Math.max(...rss)}, last ${rss.at(-1)} (${rss.length} samples: ${rss.join(' ')})`);
rmSync(spool, { recursive: true, force: true });
