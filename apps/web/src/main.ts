import './styles.css';
import { loadCapture } from './capture-loader.js';
import { DashboardModel } from './dashboard-model.js';
import { byId, h } from './dom.js';
import { localDay } from './energy-buckets.js';
import { HourlyChart } from './hourly-chart.js';
import { LINE_CHOICES } from './line-settings.js';
import { PowerChart, WINDOWS } from './power-chart.js';
import { PanelRenderer } from './render-panels.js';
import { findServer, ServerSource } from './server-source.js';
import { SerialSource } from './serial-source.js';
import type { SourceEvents } from './source-events.js';

const model = new DashboardModel();
const panels = new PanelRenderer();
const powerChart = new PowerChart(byId('power-chart'), (following) => (byId('follow').hidden = following));
const hourlyChart = new HourlyChart(byId('hourly-chart'));
const base = new URL('.', location.href);

// Redraw at most once a frame, however fast readings come (60 a second from a fast emulator).
let drawn = -1;
let frame = 0;
/** User Timing marks of a capture file (start, parsed, charted): the browser's tools and the benchmark read them. */
let fileMarks = false;
function scheduleDraw(): void {
  if (frame !== 0) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (drawn === model.version) return;
    drawn = model.version;
    try {
      panels.render(model);
      powerChart.update(model.series);
      const dayOf = model.last?.time ?? Date.now();
      hourlyChart.update(localDay.startOf(dayOf), model.hours.periods);
      if (fileMarks && model.summary !== null) {
        fileMarks = false;
        performance.mark('p1-file-charted');
      }
    } catch (error) {
      // A bug in drawing must not leave a blank page: say so and keep the last good picture.
      showProblem(`The page could not draw this reading: ${(error as Error).message}`);
    }
  });
}

function showProblem(text: string): void {
  model.setStatus(text, true);
  const notice = byId('notice');
  notice.textContent = text;
  notice.hidden = false;
  notice.classList.add('problem');
}

let stopCurrent: () => void = () => {};
/** Bumped when a source starts: a stopped source's last words (its "disconnected") must not reach the next. */
let generation = 0;
function nextSource(stop: () => void): () => boolean {
  stopCurrent();
  stopCurrent = stop;
  const mine = ++generation;
  return () => mine === generation;
}

/** Events of a live source go into the model, then to the screen, while it is the current one. */
function liveEvents(current: () => boolean): SourceEvents {
  return {
    reading: (entry) => {
      if (!current()) return;
      model.addReading(entry);
      scheduleDraw();
    },
    error: (code, message) => {
      if (!current()) return;
      model.addError(code, message);
      scheduleDraw();
    },
    status: (text, problem = false) => {
      if (!current()) return;
      model.setStatus(text, problem);
      scheduleDraw();
    },
  };
}
/** Set once the page knows it came from p1 serve: the way back to live is then offered. */
let served = false;
const offerLive = (): void => void (byId('live').hidden = !served);

// ---- Web Serial ----
const lineChoice = byId<HTMLSelectElement>('line-choice');
lineChoice.append(h('option', { value: 'detect' }, 'Detect line settings'), ...LINE_CHOICES.map((c) => h('option', { value: c.id }, c.label)));
const connectButton = byId<HTMLButtonElement>('connect');
if (!SerialSource.supported) {
  connectButton.disabled = true;
  lineChoice.disabled = true;
  connectButton.title = 'Web Serial needs Chrome or Edge on a computer';
  byId('no-serial').hidden = false;
}
connectButton.addEventListener('click', async () => {
  let serial: SerialSource | null = null;
  const current = nextSource(() => void serial?.stop());
  serial = new SerialSource(liveEvents(current));
  model.reset('serial', 'serial port');
  offerLive();
  scheduleDraw();
  try {
    await serial.start(LINE_CHOICES.find((c) => c.id === lineChoice.value) ?? null);
  } catch (error) {
    if (!current()) return;
    const name = (error as DOMException).name;
    // Closing the port picker is not a problem worth red text.
    if (name === 'NotFoundError') model.setStatus('no port chosen');
    else model.setStatus((error as Error).message, true);
    scheduleDraw();
  }
});

// ---- capture files: picked or dropped ----
const progress = byId('progress');
async function openFile(file: File): Promise<void> {
  const current = nextSource(() => {});
  model.reset('file', file.name, Infinity);
  offerLive();
  model.setStatus(`reading ${file.name}…`);
  progress.hidden = false;
  const bar = progress.querySelector('progress')!;
  bar.value = 0;
  scheduleDraw();
  const started = performance.now();
  performance.clearMarks();
  performance.mark('p1-file-start');
  try {
    const { result, workers } = await loadCapture(file, (share) => (bar.value = share));
    // Another file or a meter was chosen while this one was read.
    if (!current()) return;
    performance.mark('p1-file-parsed');
    fileMarks = true;
    model.series.replace(result.time, result.importKw, result.exportKw);
    for (const [start, totals] of result.hours) model.hours.periods.set(start, totals);
    model.first = result.first;
    model.last = result.last;
    model.latest = result.latest;
    model.counters = result.counters;
    model.errors = result.errors.slice(0, 5).map((e) => `telegram ${e.telegram}: ${e.message}`);
    model.summary = result.summary;
    model.version++;
    chooseSpan('all');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.counters.readings === 0) {
      model.setStatus(`${file.name} holds no P1 telegram that could be read (${result.counters.crcErrors} CRC errors, ${result.counters.rejected} rejected): is it a capture of a meter's P1 port?`, true);
    } else {
      const estimated = result.estimatedTimes ? ' Its telegrams carry no time: times are counted from the file date.' : '';
      const parallel = workers > 1 ? ` (${workers} workers side by side)` : '';
      model.setStatus(`${file.name}: ${result.counters.readings} telegrams in ${seconds} s${parallel}.${estimated}`);
    }
  } catch (error) {
    if (current()) model.setStatus((error as Error).message, true);
  } finally {
    progress.hidden = true;
    document.body.dataset.loaded = String(Date.now());
    scheduleDraw();
  }
}
const fileInput = byId<HTMLInputElement>('file-input');
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file !== undefined) void openFile(file);
  fileInput.value = '';
});
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (e) => {
  if (e.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dragging');
  const file = e.dataTransfer?.files[0];
  if (file !== undefined) void openFile(file);
});

// ---- the chart's spans ----
const spans = byId('spans');
function chooseSpan(label: string): void {
  for (const b of spans.querySelectorAll<HTMLElement>('button')) b.classList.toggle('active', b.dataset.span === label);
  powerChart.follow(WINDOWS[label]);
  scheduleDraw();
}
for (const label of Object.keys(WINDOWS)) {
  const button = h('button', { type: 'button', 'data-span': label }, label);
  button.addEventListener('click', () => chooseSpan(label));
  spans.append(button);
}
spans.querySelector('button')!.classList.add('active');
byId('follow').addEventListener('click', () => powerChart.follow());

// ---- p1 serve: when the page came from it, it goes live at once ----
const liveButton = byId<HTMLButtonElement>('live');
async function goLive(): Promise<void> {
  const found = await findServer(base);
  if (found === null) return;
  served = true;
  let server: ServerSource | null = null;
  const current = nextSource(() => server?.stop());
  model.reset('server', found.source);
  liveButton.hidden = true;
  server = new ServerSource(base, {
    reading: (entry, charted) => {
      if (!current()) return;
      model.addReading(entry, charted);
      scheduleDraw();
    },
    history: (samples) => {
      if (!current()) return;
      samples.forEach((s) => model.addSample(s));
      scheduleDraw();
    },
    serverStatus: (s) => {
      if (!current()) return;
      model.counters = { readings: s.readings, crcErrors: s.crcErrors, rejected: s.rejected };
      model.errors = s.errors;
      model.sourceName = s.source;
      // The meter's side of the service: lost, reconnecting, back (the feed's own state is the source's status).
      if (s.status !== null) model.setStatus(s.status.text, s.status.problem);
      model.version++;
      scheduleDraw();
    },
    status: liveEvents(current).status,
  });
  // The history starts at the meter's midnight, for today's bars (and at most a day back).
  const now = found.latestTime ?? Date.now();
  server.start(Math.max(localDay.startOf(now), now - 86_400_000));
}
liveButton.addEventListener('click', () => void goLive());

window.addEventListener('error', (e) => showProblem(`Something went wrong on this page: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => showProblem(`Something went wrong on this page: ${(e.reason as Error)?.message ?? String(e.reason)}`));

scheduleDraw();
void goLive();
