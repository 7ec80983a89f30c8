import { PROFILES, type Measurement, type Phases, type Reading } from '@p1/core';
import type { LiveState, PowerSample } from './live-state.js';
import { sparkline } from './sparkline.js';

/** How a frame is drawn; the defaults suit a terminal. */
export interface FrameOptions {
  /** ANSI colours. Default false (plain text). */
  color?: boolean;
  /** IANA zone the times are shown in. Default: the system's. */
  timeZone?: string;
}

type Style = 'title' | 'dim' | 'label' | 'import' | 'export' | 'warn';
type Segment = readonly [text: string, style?: Style];
type Line = readonly Segment[];

const SGR: Readonly<Record<Style, string>> = {
  title: '\x1b[1m',
  dim: '\x1b[2m',
  label: '\x1b[36m',
  import: '\x1b[33m',
  export: '\x1b[32m',
  warn: '\x1b[31m',
};

/** A section of the frame; when the terminal is short, the ones with the highest `drop` go first. */
interface Section {
  drop: number;
  lines: Line[];
}

const LABEL = 9;
const CELL = 13;
const NUMBER = 8;

/**
 * One screen of the live view for `state`: at most `height` lines, none wider than `width` characters, joined by
 * `\n`. Pure: the same state and size give the same text, so tests check frames without a terminal.
 */
export function renderFrame(state: LiveState, width: number, height: number, options: FrameOptions = {}): string {
  const time = timeFormatter(options.timeZone);
  const reading = state.reading;
  const sections: Section[] = [
    { drop: 0, lines: [header(state, width, time)] },
    ...(reading === null
      ? [{ drop: 0, lines: [[[`Waiting for the first telegram from ${state.source}…`, 'dim'] as Segment]] }]
      : [
          { drop: 0, lines: [now(reading, state)] },
          { drop: 2, lines: phaseTable(reading) },
          { drop: 1, lines: powerHistory(state.history, width) },
          { drop: 1, lines: sinceStart(state, reading) },
          { drop: 3, lines: registers(reading, time) },
        ]),
    { drop: 1, lines: [footer(state, width)] },
  ].filter((s) => s.lines.length > 0);

  const fits = (chosen: Section[], gaps: boolean): boolean =>
    chosen.reduce((n, s) => n + s.lines.length, 0) + (gaps ? chosen.length - 1 : 0) <= height;
  let chosen = sections;
  const gaps = fits(chosen, true);
  while (!fits(chosen, gaps) && chosen.length > 0) {
    const least = chosen.reduce((worst, s) => (s.drop >= worst.drop ? s : worst));
    chosen = chosen.filter((s) => s !== least);
  }
  const lines: Line[] = [];
  chosen.forEach((s, i) => {
    if (gaps && i > 0) lines.push([]);
    lines.push(...s.lines);
  });
  return lines.map((line) => paint(line, width, options.color === true)).join('\n');
}

/** The line's text cut to `width` characters and stripped of trailing blanks, with colour codes when asked. */
function paint(line: Line, width: number, color: boolean): string {
  let left = width;
  const cut: [string, Style | undefined][] = [];
  for (const [text, style] of line) {
    if (left <= 0) break;
    const chars = [...text];
    cut.push([chars.length > left ? chars.slice(0, left).join('') : text, style]);
    left -= Math.min(chars.length, left);
  }
  while (cut.length > 0 && cut[cut.length - 1]![0].trimEnd() === '') cut.pop();
  if (cut.length > 0) cut[cut.length - 1]![0] = cut[cut.length - 1]![0].trimEnd();
  return cut.map(([text, style]) => (color && style !== undefined ? `${SGR[style]}${text}\x1b[0m` : text)).join('');
}

/** `left` and `right` on one line, `right` flush with the edge, left out when there is no room for it. */
function spread(left: Line, right: Line, width: number): Line {
  const used = (l: Line): number => l.reduce((n, [t]) => n + [...t].length, 0);
  const room = width - used(left) - used(right);
  return room >= 1 ? [...left, [' '.repeat(room)], ...right] : left;
}

function timeFormatter(timeZone: string | undefined): (iso: string | null) => string {
  // Swedish dates are ISO-like (2025-01-15 12:03:04) in every zone.
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  return (iso) => (iso === null || Number.isNaN(Date.parse(iso)) ? '' : format.format(new Date(iso)));
}

function header(state: LiveState, width: number, time: (iso: string | null) => string): Line {
  return spread([['p1 watch', 'title'], [`  ${state.source}`, 'dim']], [[time(state.reading?.timestamp ?? null)]], width);
}

const number = (value: number | null, digits: number | null): string =>
  value === null ? '–' : digits === null ? String(value) : value.toFixed(digits);

const measured = (m: Measurement, digits: number | null, unit: string): string =>
  m.reading === null ? '–' : `${number(m.reading, digits)} ${m.unit ?? unit}`;

function tariffName(state: LiveState, indicator: number | null): string {
  if (indicator === null) return '–';
  const meaning = state.profile === null ? undefined : PROFILES[state.profile].tariffs[indicator as 1 | 2];
  return meaning === undefined ? String(indicator) : `${indicator} (${meaning})`;
}

function now(reading: Reading, state: LiveState): Line {
  const { received, delivered, tariffIndicator } = reading.electricity;
  return [
    ['Import'.padEnd(LABEL), 'label'],
    [measured(received.actual, 3, 'kW').padEnd(16), 'import'],
    ['Export  ', 'label'],
    [measured(delivered.actual, 3, 'kW').padEnd(16), 'export'],
    ['Tariff  ', 'label'],
    [tariffName(state, tariffIndicator)],
  ];
}

/** The per-phase rows, as data: label, where in the reading, decimals, colour. */
const PHASE_ROWS: readonly { label: string; get: (r: Reading) => Phases<Measurement>; digits: number | null; unit: string; style?: Style }[] = [
  { label: 'Import', get: (r) => r.electricity.instantaneous.power.positive, digits: 3, unit: 'kW', style: 'import' },
  { label: 'Export', get: (r) => r.electricity.instantaneous.power.negative, digits: 3, unit: 'kW', style: 'export' },
  { label: 'Voltage', get: (r) => r.electricity.instantaneous.voltage, digits: 1, unit: 'V' },
  { label: 'Current', get: (r) => r.electricity.instantaneous.current, digits: null, unit: 'A' },
];

const PHASES = ['L1', 'L2', 'L3'] as const;

function phaseTable(reading: Reading): Line[] {
  const rows = PHASE_ROWS.map((row) => ({ row, phases: row.get(reading) })).filter(({ phases }) =>
    PHASES.some((p) => phases[p].reading !== null),
  );
  if (rows.length === 0) return [];
  // Numbers right-aligned in their column, units after them: `  234.8 V   `.
  const cell = (m: Measurement | null, digits: number | null, unit: string): string =>
    m === null ? '' : m.reading === null ? '–'.padStart(NUMBER).padEnd(CELL) : `${number(m.reading, digits).padStart(NUMBER)} ${m.unit ?? unit}`.padEnd(CELL);
  const head: Line = [[' '.repeat(LABEL)], ...PHASES.map((p): Segment => [p.padStart(NUMBER).padEnd(CELL), 'dim'])];
  return [
    head,
    ...rows.map(({ row, phases }): Line => [
      [row.label.padEnd(LABEL), 'label'],
      ...PHASES.map((p): Segment => [cell(phases[p], row.digits, row.unit), row.style]),
    ]),
  ];
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function powerHistory(history: readonly PowerSample[], width: number): Line[] {
  const columns = Math.max(8, width - LABEL);
  const shown = history.slice(-columns);
  if (shown.length === 0) return [];
  const imports = shown.map((s) => s.importKw);
  const exports = shown.map((s) => s.exportKw);
  const max = Math.max(0, ...imports.map((v) => v ?? 0), ...exports.map((v) => v ?? 0));
  const span = shown[shown.length - 1]!.time - shown[0]!.time;
  return [
    [['Import'.padEnd(LABEL), 'label'], [sparkline(imports, max, columns), 'import']],
    [['Export'.padEnd(LABEL), 'label'], [sparkline(exports, max, columns), 'export']],
    [[' '.repeat(LABEL)], [`last ${duration(span)}, full height ${max.toFixed(3)} kW`, 'dim']],
  ];
}

const difference = (now: number | null, then: number | null): number | null => (now === null || then === null ? null : now - then);

function sinceStart(state: LiveState, reading: Reading): Line[] {
  const first = state.first;
  const last = state.history[state.history.length - 1];
  if (first === null || last === undefined) return [];
  const { received, delivered } = reading.electricity;
  const sumOf = (a: Measurement, b: Measurement): number | null =>
    a.reading === null && b.reading === null ? null : (a.reading ?? 0) + (b.reading ?? 0);
  const imported = difference(sumOf(received.tariff1, received.tariff2), first.importKwh);
  const exported = difference(sumOf(delivered.tariff1, delivered.tariff2), first.exportKwh);
  const gas = difference(reading.gas.reading, first.gasM3);
  return [
    [
      [`Since start (${duration(last.time - first.time)})`, 'label'],
      ['   import '],
      [`${number(imported, 3)} kWh`, 'import'],
      ['   export '],
      [`${number(exported, 3)} kWh`, 'export'],
      ...(gas === null ? [] : ([['   gas '], [`${number(gas, 3)} ${reading.gas.unit ?? 'm3'}`]] as Segment[])),
    ],
  ];
}

function registers(reading: Reading, time: (iso: string | null) => string): Line[] {
  const { received, delivered, demand } = reading.electricity;
  const pair = (a: Measurement, b: Measurement): string => `T1 ${number(a.reading, 3)}  T2 ${number(b.reading, 3)} ${a.unit ?? 'kWh'}`;
  const lines: Line[] = [
    [['Meter'.padEnd(LABEL), 'label'], [`import ${pair(received.tariff1, received.tariff2)}   export ${pair(delivered.tariff1, delivered.tariff2)}`]],
  ];
  const gas = reading.gas;
  if (gas.reading !== null) {
    const at = time(gas.timestamp);
    lines.push([['Gas'.padEnd(LABEL), 'label'], [`${number(gas.reading, 3)} ${gas.unit ?? 'm3'}${at ? `  at ${at}` : ''}`]]);
  }
  const quarter = demand.positiveActiveDemand.currentDemandPeriod;
  const peak = demand.positiveActiveDemand.maximumDemand;
  if (quarter.reading !== null || peak.reading !== null) {
    lines.push([
      ['Demand'.padEnd(LABEL), 'label'],
      [`${measured(quarter, 3, 'kW')} this quarter hour   peak this month ${number(peak.reading, 3)} ${peak.unit ?? 'kW'}`],
    ]);
  }
  const message = reading.textMessage.message;
  if (message !== null && message.trim() !== '') lines.push([['Message'.padEnd(LABEL), 'label'], [message.trim(), 'warn']]);
  return lines;
}

function footer(state: LiveState, width: number): Line {
  const counts = `${state.readings} reading${state.readings === 1 ? '' : 's'} · ${state.rejected} rejected`;
  const left: Line = [[counts, 'dim'], ...(state.status === null ? [] : ([[` · ${state.status}`, 'warn']] as Segment[]))];
  return spread(left, [['Ctrl-C to quit', 'dim']], width);
}
