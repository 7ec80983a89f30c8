// A real InfluxDB 1.x for the tests: its own temp directory and free ports on 127.0.0.1, stopped after the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

// Killed when the test process exits, whatever happened to the test that started it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface Influxd {
  url: string;
  /** Runs InfluxQL; resolves with the series of the first statement's result. */
  query(q: string, db?: string): Promise<{ name: string; columns: string[]; values: unknown[][] }[]>;
  stop(): Promise<void>;
}

/** Starts `influxd` (the Debian package; scripts/ensure-test-deps.sh installs it) and waits for /ping. */
export async function startInfluxd(): Promise<Influxd> {
  // A free port can be taken by another test between the look and the bind: then influxd exits, and a new pair is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch();
    } catch (error) {
      if (attempt === 3 || !(error instanceof PortTaken)) throw error;
    }
  }
}

class PortTaken extends Error {}

async function launch(): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'p1-cli-influxd-'));
  const [http, rpc] = [await freePort(), await freePort()];
  const config = join(dir, 'influxdb.conf');
  writeFileSync(
    config,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpc}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${http}"`,
      '  log-enabled = false',
      '',
    ].join('\n'),
  );
  const child = spawn('influxd', ['run', '-config', config], { stdio: 'ignore' });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => (live.delete(child), resolve())));
  const failed = new Promise<never>((_, reject) => {
    child.on('error', (error) => reject(new Error(`cannot start influxd (apt-get install influxdb): ${error.message}`)));
    child.on('exit', (code) => reject(new PortTaken(`influxd exited (${code}) while starting`)));
  });
  failed.catch(() => rmSync(dir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await Promise.race([
      fetch(`${url}/ping`).then(
        (r) => r.status === 204,
        () => false,
      ),
      failed,
    ]);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('influxd did not answer /ping within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const query: Influxd['query'] = async (q, db) => {
    const params = new URLSearchParams({ q, ...(db && { db }), epoch: 's' });
    const response = await fetch(`${url}/query`, { method: 'POST', body: params });
    const body = (await response.json()) as { results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[] };
    const result = body.results[0]!;
    if (result.error) throw new Error(`InfluxQL ${q}: ${result.error}`);
    return result.series ?? [];
  };
  return {
    url,
    query,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
