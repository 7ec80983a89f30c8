import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { CliError, usageError } from './cli-error.js';
import type { CliIo, Command, ParsedArgs } from './command.js';
import { loadDashboard } from './dashboard-files.js';
import { EventFeed, sseEvent } from './event-feed.js';
import { openSource } from './open-source.js';
import { parseNumber } from './parse-number.js';
import { ReadingHistory, readingTime } from './reading-history.js';
import { serveRequests } from './serve-http.js';
import { describeSource, resolveSource, SOURCE_OPTIONS, sourceSettings } from './source-settings.js';

const DEFAULT_HTTP_PORT = 8080;
/** A day of DSMR 5 telegrams (one a second), ten days of DSMR 4. */
const DEFAULT_HISTORY = 86_400;
/** `--host` alone: every IPv4 interface. */
const ALL_INTERFACES = '0.0.0.0';
const MAX_CLIENTS = 100;
const ERRORS_KEPT = 5;
/** Status events at most this often: a burst of bad telegrams must not flood the feed. */
const STATUS_EVERY_MS = 250;
/**
 * A source that never waits (the emulator at --speed 0, a file) would keep the event loop to itself: the server
 * could not answer. After this long, the loop lets I/O in.
 */
const YIELD_EVERY_MS = 10;

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** The addresses a browser on the LAN can use, for the log line. */
function urlsFor(host: string, port: number): string[] {
  if (host !== ALL_INTERFACES && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4')
    .map((a) => `http://${a!.address}:${port}/`);
  return addresses.length > 0 ? addresses : [`http://${host}:${port}/`];
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} is in use (another p1 serve?): choose another with --http-port`
          : error.code === 'EACCES'
            ? `port ${port} needs root: use a port above 1023`
            : error.code === 'EADDRNOTAVAIL'
              ? `${host} is not an address of this machine`
              : error.message;
      reject(new CliError(`p1 serve: cannot listen on ${host}:${port}: ${why}`));
    });
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

async function serve(args: ParsedArgs, io: CliIo): Promise<number> {
  const log = (line: string): void => void io.stderr.write(`p1 serve: ${line}\n`);
  const spec = resolveSource(sourceSettings({ flags: args.values, env: io.env }), false);
  if (spec === null) throw usageError('no meter to read: give --port PATH, --port tcp://HOST:PORT or --emulator (or P1_PORT)');
  const host = args.values.host === undefined ? '127.0.0.1' : String(args.values.host);
  if (host === '') throw usageError('--host needs an address');
  const httpPort = parseNumber('--http-port', args.values['http-port'] ?? io.env.P1_HTTP_PORT ?? String(DEFAULT_HTTP_PORT), { min: 0, integer: true });
  if (httpPort > 65535) throw usageError(`--http-port must be 0-65535, got ${httpPort}`);
  const capacity = parseNumber('--history', args.values.history ?? String(DEFAULT_HISTORY), { min: 1, integer: true });

  const files = await loadDashboard();
  const history = new ReadingHistory(capacity);
  const feed = new EventFeed(MAX_CLIENTS);
  const source = describeSource(spec);
  let latest: { seq: number; time: number; json: string; event: string } | null = null;
  const counts = { readings: 0, crcErrors: 0, rejected: 0 };
  let status = null as { text: string; problem: boolean } | null;
  const errors: string[] = [];
  // Sequence numbers start at 1 again when the service restarts: clients tell the runs apart by this.
  const instance = `${process.pid}-${Date.now()}`;
  const statusJson = (): string =>
    JSON.stringify({ service: 'p1 serve', instance, source, ...counts, status, errors, latestTime: latest?.time ?? null, clients: feed.size });

  let statusTimer: NodeJS.Timeout | undefined;
  const statusChanged = (): void => {
    statusTimer ??= setTimeout(() => {
      statusTimer = undefined;
      feed.send(sseEvent('status', JSON.parse(statusJson())));
    }, STATUS_EVERY_MS);
  };

  const server = createServer(
    serveRequests({
      files,
      feed,
      latestJson: () => latest?.json ?? null,
      statusJson,
      initialEvents: () => sseEvent('status', JSON.parse(statusJson())) + (latest?.event ?? ''),
      history: (query) => ({ instance, ...(query.after !== undefined ? history.after(query.after) : history.since(query.since ?? 0)) }),
      loopbackOnly: isLoopback(host),
    }),
  );
  // A client has 30 s to send its request's headers (the feed's long life is the response's, which no timeout cuts).
  server.headersTimeout = 30_000;
  const port = await listen(server, host, httpPort);
  log(`${source} -> dashboard at ${urlsFor(host, port).join(' ')}`);
  if (!isLoopback(host)) log(`listening on ${host}: every device that can reach this machine can read the meter (no password)`);

  let failure: unknown = null;
  try {
    const meter = await openSource(spec, {
      onTelegramError: (error) => {
        if (error.code === 'crc-mismatch') counts.crcErrors++;
        else counts.rejected++;
        errors.push(error.message);
        if (errors.length > ERRORS_KEPT) errors.shift();
        statusChanged();
      },
      onStatus: (message) => {
        log(message);
        status = { text: message, problem: !/^connected/.test(message) };
        statusChanged();
      },
    });
    const close = (): void => void meter.close();
    io.signal.addEventListener('abort', close);
    if (io.signal.aborted) close();
    let yielded = Date.now();
    try {
      for await (const telegram of meter.telegrams) {
        const time = readingTime(telegram.reading, Date.now());
        const seq = history.add(telegram.reading, time);
        counts.readings++;
        if (status?.problem) {
          // Readings again: whatever went wrong is over.
          status = { text: 'receiving readings', problem: false };
          statusChanged();
        }
        // Serialised once for every client and for /api/reading.
        const json = JSON.stringify(telegram.reading);
        const event = `event: reading\nid: ${seq}\ndata: {"seq":${seq},"time":${time},"profile":${JSON.stringify(telegram.profile)},"reading":${json}}\n\n`;
        latest = { seq, time, json, event };
        feed.send(event);
        await feed.drained();
        if (Date.now() - yielded > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = Date.now();
        }
      }
    } finally {
      io.signal.removeEventListener('abort', close);
      await meter.close();
    }
    if (!io.signal.aborted) failure = new CliError(`p1 serve: the source ended (${source})`);
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(statusTimer);
    feed.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (failure !== null) throw failure;
  log(`stopped after ${counts.readings} readings`);
  return 0;
}

export const SERVE_COMMAND: Command = {
  summary: 'The dashboard: a meter live in a browser, on this machine or (with --host) on the LAN.',
  usage: 'p1 serve (--port PATH | --port tcp://HOST:PORT | --emulator [PROFILE]) [--host [ADDR]] [--http-port N] [options]',
  description:
    'Reads the meter and serves the p1 dashboard (power now and per phase, a live chart, energy per hour, registers,\n' +
    'gas, the capacity tariff, the text message) with a live feed (Server-Sent Events at /api/events), the latest\n' +
    'reading at /api/reading and the last readings at /api/readings?since=TIME. Listens on 127.0.0.1 only unless\n' +
    '--host is given: the dashboard has no password, so on the LAN everyone there can read the meter.',
  options: {
    ...SOURCE_OPTIONS,
    host: { type: 'string', value: '[ADDR]', help: `listen on ADDR instead of 127.0.0.1; alone: every interface (${ALL_INTERFACES}), for phones on the LAN` },
    'http-port': { type: 'string', value: 'N', help: `the HTTP port (default ${DEFAULT_HTTP_PORT}, or P1_HTTP_PORT; 0 = any free port)` },
    history: { type: 'string', value: 'N', help: `readings kept for /api/readings and the chart of a new page (default ${DEFAULT_HISTORY}: a day at one a second)` },
  },
  optionalValues: [{ name: 'host', fallback: ALL_INTERFACES }],
  positionals: false,
  examples: [
    'p1 serve --emulator                         # try it: http://127.0.0.1:8080/',
    'p1 serve --port /dev/ttyUSB0 --host         # a Pi: the dashboard for every phone on the LAN',
    'p1 serve --port tcp://192.168.1.50:23 --http-port 8181',
    'curl -s http://127.0.0.1:8080/api/reading | jq .electricity.received.actual',
  ],
  run: serve,
};
