// pnpm bench (issue 16): `p1 mqtt --emulator dsmr5 --speed 0` into a local Mosquitto for 60 s, an MQTT.js
// subscriber at QoS 1 on every topic. Prints readings/s published and received, messages/s, p1's RSS first/max/last,
// and whether every reading arrived (the JSON readings' telegram times must step by exactly 1 s, none missing).
// Also p1's CPU time (user + system, from /proc) per reading: on a shared, loaded machine readings/s follow the
// load of others, CPU ms per reading much less so.
// Options: --seconds N (default 60), --qos 0|1 (default 1), --no-value-topics, --throttle S; anything after `--`
// goes to p1 mqtt as it is (`-- --every-value`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

const { values: opts, positionals: p1Args } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string', default: '60' }, qos: { type: 'string', default: '1' }, 'no-value-topics': { type: 'boolean' }, throttle: { type: 'string' } },
});
const SECONDS = Number(opts.seconds);
const CLI = join(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const dir = mkdtempSync(join(tmpdir(), 'p1-mqtt-bench-'));
const port = await freePort();
// A subscriber at QoS 1 that falls behind must not lose messages in the broker: no queue limit for the bench.
writeFileSync(
  join(dir, 'mosquitto.conf'),
  [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 0', ...(process.getuid?.() === 0 ? ['user root'] : []), ''].join('\n'),
);
const broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
const url = `mqtt://127.0.0.1:${port}`;
let sub;
for (let i = 0; ; i++) {
  try {
    sub = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    break;
  } catch (error) {
    if (i > 100) throw error;
    await sleep(50);
  }
}

let messages = 0;
let readings = 0;
let gaps = 0;
let lastTime = null;
sub.on('message', (topic, payload) => {
  messages++;
  if (!topic.endsWith('/reading')) return;
  readings++;
  const time = Date.parse(JSON.parse(payload.toString()).timestamp);
  if (lastTime !== null && time - lastTime !== (opts.throttle ? Number(opts.throttle) * 1000 : 1000)) gaps++;
  lastTime = time;
});
await sub.subscribeAsync('bench/#', { qos: Number(opts.qos) });

const args = ['mqtt', '--emulator', 'dsmr5', '--speed', '0', '--seed', '1', '--start', '2025-01-15T00:00:00Z', '--url', url, '--topic', 'bench', '--qos', opts.qos, '--status-every', '5'];
if (opts['no-value-topics']) args.push('--no-value-topics');
if (opts.throttle) args.push('--throttle', opts.throttle);
args.push(...p1Args);
const p1 = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
p1.stderr.on('data', (d) => (stderr += d));
const exited = new Promise((resolve) => p1.on('exit', resolve));

const rss = [];
const sample = () => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p1.pid}/status`, 'utf8'))?.[1]);
    if (kb > 0) rss.push(kb / 1024);
  } catch {
    // Ended.
  }
};
const started = Date.now();
const perSecond = [];
let lastReadings = 0;
while (Date.now() - started < SECONDS * 1000) {
  await sleep(1000);
  sample();
  perSecond.push(readings - lastReadings);
  lastReadings = readings;
}
// CPU time of p1 up to the stop (user + system clock ticks, fields 14 and 15 of /proc/PID/stat), before the
// stop sends what is left.
const cpuOf = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
};
const cpuMs = cpuOf(p1.pid);
const brokerCpuMs = cpuOf(broker.pid);
const subscriberCpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage());
p1.kill('SIGTERM');
await exited;
const elapsed = (Date.now() - started) / 1000;
const stopped = /p1 mqtt: stopped: (\d+) readings, (\d+) messages published, (\d+) queued/.exec(stderr);
if (stopped === null) throw new Error(`p1 mqtt did not stop cleanly:\n${stderr.slice(-2000)}`);
const [, taken, published, queued] = stopped.map(Number);
// Let the subscriber take what the broker still holds for it.
for (let quiet = 0, seen = messages; quiet < 20; ) {
  await sleep(100);
  quiet = messages === seen ? quiet + 1 : 0;
  seen = messages;
}
await sub.endAsync();
broker.kill('SIGTERM');
await new Promise((resolve) => broker.on('exit', resolve));
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const expectedReadings = opts.throttle ? null : taken;
const lost = expectedReadings === null ? gaps : expectedReadings - readings;
const f = (n) => Math.round(n).toLocaleString('en-US');
console.log(`p1 mqtt --emulator dsmr5 --speed 0 -> local Mosquitto, ${SECONDS} s, QoS ${opts.qos}${opts['no-value-topics'] ? ', no value topics' : ', per-value topics on'}${opts.throttle ? `, throttle ${opts.throttle} s` : ''}${p1Args.length > 0 ? `, ${p1Args.join(' ')}` : ''}`);
console.log(`  readings published (p1 took)   ${f(taken)}  = ${f(taken / elapsed)} readings/s`);
console.log(`  readings received (subscriber) ${f(readings)}  = ${f(readings / elapsed)} readings/s; per second median ${f(median(perSecond))}, min ${f(Math.min(...perSecond))}, max ${f(Math.max(...perSecond))}`);
console.log(`  messages published (acked)     ${f(published)}  = ${f(published / elapsed)} messages/s; received ${f(messages)}`);
console.log(`  CPU of p1 (user + system)      ${f(cpuMs)} ms = ${(cpuMs / taken).toFixed(3)} ms per reading, ${((cpuMs / 1000 / elapsed) * 100).toFixed(0)} % of one core; the broker ${f(brokerCpuMs)} ms, the subscriber ${f(subscriberCpuMs)} ms`);
const at = (q) => rss[Math.min(rss.length - 1, Math.floor(rss.length * q))]?.toFixed(1);
console.log(`  RSS of p1 (MiB)                first ${rss[0]?.toFixed(1)}, max ${Math.max(...rss).toFixed(1)}, last ${rss.at(-1)?.toFixed(1)}; at 25/50/75 % of the run ${at(0.25)}/${at(0.5)}/${at(0.75)}`);
console.log(`  RSS every tenth of the run     ${[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map(at).join(' ')}`);
console.log(`  lost                           ${lost} readings (${gaps} gaps in the telegram times), ${queued} left queued at the stop`);
console.log(`  target >= 5,000 readings/s with per-value topics: ${readings / elapsed >= 5000 ? 'PASS' : 'FAIL'}; nothing lost: ${lost === 0 && gaps === 0 ? 'PASS' : 'FAIL'}`);
