import type { Entry } from './dashboard-model.js';
import type { ServerHistory, ServerReading, ServerStatus } from './server-api.js';
import type { Sample } from './totals.js';

/** What the p1 serve feed tells the page. */
export interface ServerEvents {
  /** A reading for the panels; `charted` when its sample came with the history already. */
  reading(entry: Entry, charted: boolean): void;
  history(samples: Sample[]): void;
  serverStatus(status: ServerStatus): void;
  status(text: string, problem?: boolean): void;
}

/** Whether the page was served by p1 serve: its status answer says so. */
export async function findServer(base: URL): Promise<ServerStatus | null> {
  try {
    const response = await fetch(new URL('api/status', base), { headers: { accept: 'application/json' } });
    const body = response.ok ? ((await response.json()) as ServerStatus) : null;
    return body?.service === 'p1 serve' ? body : null;
  } catch {
    return null;
  }
}

const samplesOf = (h: ServerHistory): Sample[] =>
  h.time.map((time, i) => ({
    time,
    importKw: h.importKw[i] ?? null,
    exportKw: h.exportKw[i] ?? null,
    importKwh: h.importKwh[i] ?? null,
    exportKwh: h.exportKwh[i] ?? null,
    gasM3: h.gasM3[i] ?? null,
  }));

/**
 * The live feed of p1 serve (Server-Sent Events) plus its history. At every (re)connection it fetches what it missed
 * from `api/readings` and holds the feed's readings meanwhile; sequence numbers keep each reading charted once.
 */
export class ServerSource {
  private events: EventSource | null = null;
  /** seq of the newest reading charted. */
  private charted = 0;
  private held: ServerReading[] | null = null;
  /** The service run the sequence numbers belong to, and the time of the newest reading charted. */
  private instance: string | null = null;
  private lastTime = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly base: URL,
    private readonly on: ServerEvents,
  ) {}

  /** Connects; the history starts at `since` (ms). */
  start(since: number): void {
    this.stop();
    const events = new EventSource(new URL('api/events', this.base));
    this.events = events;
    events.addEventListener('open', () => void this.sync(since));
    events.addEventListener('reading', (e) => this.take(JSON.parse((e as MessageEvent<string>).data) as ServerReading));
    events.addEventListener('status', (e) => this.on.serverStatus(JSON.parse((e as MessageEvent<string>).data) as ServerStatus));
    events.addEventListener('error', () => {
      this.on.status('connection to p1 serve lost: reconnecting…', true);
      // EventSource retries by itself unless the server answered with an error; then we try again.
      if (events.readyState === EventSource.CLOSED && this.events === events) this.retry = setTimeout(() => this.start(since), 5000);
    });
  }

  stop(): void {
    clearTimeout(this.retry);
    this.events?.close();
    this.events = null;
  }

  private take(r: ServerReading): void {
    if (this.held !== null) this.held.push(r);
    else this.apply(r);
  }

  private apply(r: ServerReading): void {
    const charted = r.seq <= this.charted;
    this.charted = Math.max(this.charted, r.seq);
    if (!charted) this.lastTime = r.time;
    this.on.reading({ time: r.time, profile: r.profile, reading: r.reading, seq: r.seq }, charted);
  }

  private async fetchHistory(query: string): Promise<ServerHistory> {
    const response = await fetch(new URL(`api/readings?${query}`, this.base));
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return (await response.json()) as ServerHistory;
  }

  private async sync(since: number): Promise<void> {
    this.held = [];
    try {
      let history = await this.fetchHistory(this.charted > 0 ? `after=${this.charted}` : `since=${Math.floor(since)}`);
      if (this.instance !== null && history.instance !== this.instance) {
        // The service restarted: its numbers began again. Go on from the time of the last reading charted.
        this.charted = 0;
        history = await this.fetchHistory(`since=${this.lastTime + 1}`);
      }
      this.instance = history.instance;
      if (history.last > this.charted) {
        const samples = samplesOf(history).filter((_, i) => history.first + i > this.charted);
        this.on.history(samples);
        this.charted = history.last;
        this.lastTime = samples.at(-1)?.time ?? this.lastTime;
      }
      this.on.status('live from p1 serve');
    } catch (error) {
      this.on.status(`the history could not be loaded (${(error as Error).message}); showing new readings only`, true);
    } finally {
      const held = this.held ?? [];
      this.held = null;
      held.forEach((r) => this.apply(r));
    }
  }
}
