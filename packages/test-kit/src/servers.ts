// Real InfluxDB 1.6 and VictoriaMetrics processes for the tests (see TOOLING.md): each on a free loopback port and
// a temp directory, started and stopped by the test, killed when the test process exits whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { binary } from './binary.js';
import { freePort } from './free-port.js';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface Server {
  url: string;
  dir: string;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

function manage(name: string, command: string, args: string[], dir: string, url: string, ready: string): Server {
  let child: ChildProcess | null = null;
  const log = join(dir, `${name}.log`);
  const server: Server = {
    url,
    dir,
    async start() {
      child = spawn(command, args, { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')] });
      live.add(child);
      const started = child;
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (started.exitCode !== null || started.signalCode !== null) {
          throw new Error(`${name} exited while starting:\n${readFileSync(log, 'utf8').slice(-2000)}`);
        }
        const ok = await fetch(`${url}${ready}`).then((r) => r.ok, () => false);
        if (ok) return;
        if (Date.now() > deadline) throw new Error(`${name} not ready after 30 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      live.delete(running);
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Starts what `make` sets up on free ports; again, on new ports, if another process took one in between. */
async function startFresh(make: () => Promise<Server>): Promise<Server> {
  for (let attempt = 1; ; attempt++) {
    const server = await make();
    try {
      await server.start();
      return server;
    } catch (error) {
      await server.close();
      if (attempt === 3 || !/address already in use/i.test(String(error))) throw error;
    }
  }
}

export interface InfluxServer extends Server {
  /** Runs InfluxQL; rows come back with times in Unix seconds. */
  query(q: string, database?: string): Promise<InfluxQueryResult>;
  /** The rows of a `SELECT`, one object per row keyed by column. */
  rows(q: string, database?: string): Promise<Record<string, unknown>[]>;
}

export interface InfluxQueryResult {
  results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[];
}

/** InfluxDB 1.6 (`influxd`), with `auth-enabled` and an admin `admin`/`admin-password` when `auth` is set. */
export async function startInfluxDB(options: { auth?: boolean } = {}): Promise<InfluxServer> {
  const influxd = binary('influxd', 'influxdb');
  const server = await startFresh(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p1-influxd-'));
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
        `  auth-enabled = ${options.auth === true}`,
        '',
      ].join('\n'),
    );
    return manage('influxd', influxd, ['run', '-config', config], dir, `http://127.0.0.1:${http}`, '/ping');
  });
  const url = server.url;
  const credentials: Record<string, string> = options.auth === true ? { u: 'admin', p: 'admin-password' } : {};
  const query = async (q: string, database?: string): Promise<InfluxQueryResult> => {
    const params = new URLSearchParams({ q, epoch: 's', ...credentials, ...(database === undefined ? {} : { db: database }) });
    // 1.6 reads credentials from the URL only, not from a form body.
    const response = await fetch(`${url}/query?${params}`, { method: 'POST' });
    const result = (await response.json()) as InfluxQueryResult;
    const error = result.results?.find((r) => r.error !== undefined)?.error;
    if (!response.ok || error !== undefined) throw new Error(`InfluxQL "${q}" failed: ${response.status} ${error ?? ''}`);
    return result;
  };
  if (options.auth === true) {
    // With no user yet, InfluxDB 1.x lets this one statement through without credentials.
    const params = new URLSearchParams({ q: "CREATE USER admin WITH PASSWORD 'admin-password' WITH ALL PRIVILEGES" });
    await fetch(`${url}/query?${params}`, { method: 'POST' });
  }
  return {
    ...server,
    query,
    async rows(q, database) {
      const result = await query(q, database);
      return (result.results[0]?.series ?? []).flatMap((s) =>
        s.values.map((v) => Object.fromEntries(s.columns.map((c, i) => [c, v[i]]))),
      );
    },
  };
}

export interface VictoriaServer extends Server {
  /** Every series matching a selector, after a flush: `{ metric, values, timestamps }` (timestamps in ms). */
  export(selector: string): Promise<{ metric: Record<string, string>; values: number[]; timestamps: number[] }[]>;
}

/** VictoriaMetrics 1.79 (`victoria-metrics`), which accepts line protocol on `/api/v2/write`. */
export async function startVictoriaMetrics(): Promise<VictoriaServer> {
  const command = binary('victoria-metrics', 'victoria-metrics');
  const server = await startFresh(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p1-victoria-'));
    const address = `127.0.0.1:${await freePort()}`;
    const args = [
      `-httpListenAddr=${address}`,
      `-storageDataPath=${join(dir, 'data')}`,
      // The test data is stamped in 2025: keep it, whatever today's date.
      '-retentionPeriod=100y',
      '-search.latencyOffset=1s',
    ];
    return manage('victoria-metrics', command, args, dir, `http://${address}`, '/health');
  });
  const url = server.url;
  return {
    ...server,
    async export(selector) {
      await fetch(`${url}/internal/force_flush`);
      const response = await fetch(`${url}/api/v1/export?${new URLSearchParams({ 'match[]': selector })}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`export ${selector} failed: ${response.status} ${text}`);
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { metric: Record<string, string>; values: number[]; timestamps: number[] });
    },
  };
}

/**
 * A server for a test file: started before its tests, closed after them. If it cannot start (a missing binary),
 * every test fails with that error rather than being skipped.
 */
export function useServer<T extends Server>(start: () => Promise<T>): () => T {
  let server: T | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      server = await start();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}
