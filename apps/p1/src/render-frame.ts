import { PROFILES, type Measurement, type Phases, type Reading } from '@p1/core';
import { totalsOf, type LiveState, type PowerSample } from './live-state.js';
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
/** Segments that stay on one line together: a label and its value. */
type Field = readonly Segment[];
/** A line of fields; where the terminal is narrower, the fields that do not fit go on to indented lines below. */
type Row = readonly Field[];

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
  rows: Row[];
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
  const sections = [
    { drop: 0, rows: [[header(state, width, time)]] },
    ...(reading === null
      ? [{ drop: 0, rows: [words(`Waiting for the first telegram from ${state.source}…`, 'dim')] }]
      : [
          { drop: 0, rows: [now(reading, state)] },
          { drop: 2, rows: phaseTable(reading).map((line) => [line]) },
          { drop: 1, rows: powerHistory(state.history, width).map((line) => [line]) },
          { drop: 1, rows: sinceStart(state, reading) },
          { drop: 3, rows: registers(reading, time) },
        ]),
    { drop: 1, rows: [[footer(state, width)]] },
  ]
    .map((s: Section) => ({ drop: s.drop, lines: s.rows.flatMap((row) => wrap(row, width)) }))
    .filter((s) => s.lines.length > 0);

  const fits = (chosen: typeof sections, gaps: boolean): boolean =>
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

const widthOf = (segments: readonly Segment[]): number => segments.reduce((n, [t]) => n + [...t].length, 0);

/**
 * The row's fields on as few lines as the width allows, each field whole: one that does not fit starts an indented
 * line of its own (a field wider than a whole line is still cut when painted). Words are never split.
 */
function wrap(row: Row, width: number): Line[] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  for (const field of row) {
    // Trailing padding need not fit: painting drops it at the end of a line.
    const visible = widthOf(field) - (field.at(-1)?.[0].length ?? 0) + (field.at(-1)?.[0].trimEnd().length ?? 0);
    if (line.length > 0 && widthOf(line) + visible > width) {
      lines.push(line);
      const [[text, style], ...rest] = field as [Segment, ...Segment[]];
      line = [[' '.repeat(LABEL)], [text.trimStart(), style], ...rest];
    } else {
      line.push(...field);
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** A text as a row of its words, so that it wraps between them. */
function words(text: string, style?: Style): Row {
  return text.split(' ').map((word, i): Field => [[i === 0 ? word : ` ${word}`, style]]);
}

/** `left` and `right` on one line, `right` flush with the edge, left out when there is no room for it. */
function spread(left: Line, right: Line, width: number): Line {
  const room = width - widthOf(left) - widthOf(right);
  return room >= 1 ? [...left, [' '.repeat(room)], ...right] : left;
}

function timeFormatter(timeZone: string | undefined): (iso: string | null) => string {
  // Swedish dates are ISO-like (2025-01-15 12:03:04) in every zone.
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
  return (iso) => (iso === null || Number.isNaN(Date.parse(iso)) ? '' : format.format(new Date(iso)));
}

const TITLE = 'p1 watch';

/** Title, source and the meter's time; the source is shortened before the time is given up. */
function header(state: LiveState, width: number, time: (iso: string | null) => string): Line {
  const stamp = time(state.reading?.timestamp ?? null);
  const room = width - TITLE.length - 2 - (stamp === '' ? 0 : stamp.length + 1);
  const source = [...state.source];
  const shown = source.length <= room ? state.source : room >= 2 ? `${source.slice(0, room - 1).join('').trimEnd()}…` : '';
  return spread([[TITLE, 'title'], ...(shown === '' ? [] : ([[`  ${shown}`, 'dim']] as Segment[]))], [[stamp]], width);
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

function now(reading: Reading, state: LiveState): Row {
  const { received, delivered, tariffIndicator } = reading.electricity;
  return [
    [['Import'.padEnd(LABEL), 'label'], [measured(received.actual, 3, 'kW').padEnd(16), 'import']],
    [['Export  ', 'label'], [measured(delivered.actual, 3, 'kW').padEnd(16), 'export']],
    [['Tariff  ', 'label'], [tariffName(state, tariffIndicator)]],
  ];
}

/** The per-phase rows, as data: label, where in the reading, decimals (null: as many as the most precise phase has), colour. */
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
  const cell = (m: Measurement | null, digits: number, unit: string): string =>
    m === null ? '' : m.reading === null ? '–'.padStart(NUMBER).padEnd(CELL) : `${number(m.reading, digits).padStart(NUMBER)} ${m.unit ?? unit}`.padEnd(CELL);
  const head: Line = [[' '.repeat(LABEL)], ...PHASES.map((p): Segment => [p.padStart(NUMBER).padEnd(CELL), 'dim'])];
  return [
    head,
    ...rows.map(({ row, phases }): Line => [
      [row.label.padEnd(LABEL), 'label'],
      ...PHASES.map((p): Segment => [cell(phases[p], row.digits ?? decimalsOf(phases), row.unit), row.style]),
    ]),
  ];
}

/** The most decimals any phase's value has: `7 A` and `0.36 A` of one meter show as `7.00 A` and `0.36 A`. */
function decimalsOf(phases: Phases<Measurement>): number {
  return Math.max(0, ...PHASES.map((p) => String(phases[p].reading ?? '').split('.')[1]?.length ?? 0));
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

function sinceStart(state: LiveState, reading: Reading): Row[] {
  const first = state.first;
  const last = state.history[state.history.length - 1];
  if (first === null || last === undefined) return [];
  const now = totalsOf(reading);
  const imported = difference(now.importKwh, first.importKwh);
  const exported = difference(now.exportKwh, first.exportKwh);
  const gas = difference(now.gasM3, first.gasM3);
  return [
    [
      [[`Since start (${duration(last.time - first.time)})`, 'label']],
      [['   import '], [`${number(imported, 3)} kWh`, 'import']],
      [['   export '], [`${number(exported, 3)} kWh`, 'export']],
      ...(gas === null ? [] : [[['   gas '], [`${number(gas, 3)} ${reading.gas.unit ?? 'm3'}`]] as Field]),
    ],
  ];
}

function registers(reading: Reading, time: (iso: string | null) => string): Row[] {
  const { received, delivered, reactive, demand } = reading.electricity;
  // The tariff registers, and the meter's total where it sends one (alone, for a meter without tariffs).
  const meter = ({ tariff1, tariff2, total }: typeof received): string => {
    const tariffs = tariff1.reading !== null || tariff2.reading !== null || total.reading === null;
    const pair = tariffs ? `T1 ${number(tariff1.reading, 3)}  T2 ${number(tariff2.reading, 3)} ` : '';
    const sum = total.reading === null ? '' : `${tariffs ? ' total ' : ''}${number(total.reading, 3)} `;
    return `${pair}${sum}${(total.reading === null ? tariff1.unit : total.unit) ?? 'kWh'}`;
  };
  const rows: Row[] = [
    [
      [['Meter'.padEnd(LABEL), 'label'], [`import ${meter(received)}`]],
      [[`   export ${meter(delivered)}`]],
    ],
  ];
  if (reactive.received.total.reading !== null || reactive.delivered.total.reading !== null) {
    rows.push([
      [['Reactive'.padEnd(LABEL), 'label'], [`import ${measured(reactive.received.total, 3, 'kvarh')}`]],
      [[`   export ${measured(reactive.delivered.total, 3, 'kvarh')}`]],
    ]);
  }
  const gas = reading.gas;
  if (gas.reading !== null) {
    const at = time(gas.timestamp);
    rows.push([[['Gas'.padEnd(LABEL), 'label'], [`${number(gas.reading, 3)} ${gas.unit ?? 'm3'}`]], ...(at ? [[[`  at ${at}`]] as Field] : [])]);
  }
  const quarter = demand.positiveActiveDemand.currentDemandPeriod;
  const peak = demand.positiveActiveDemand.maximumDemand;
  if (quarter.reading !== null || peak.reading !== null) {
    rows.push([
      [['Demand'.padEnd(LABEL), 'label'], [`${measured(quarter, 3, 'kW')} this quarter hour`]],
      [[`   peak this month ${number(peak.reading, 3)} ${peak.unit ?? 'kW'}`]],
    ]);
  }
  const message = reading.textMessage.message;
  if (message !== null && message.trim() !== '') rows.push([[['Message'.padEnd(LABEL), 'label']], ...words(message.trim(), 'warn')]);
  return rows;
}

function footer(state: LiveState, width: number): Line {
  const counts = `${state.readings} reading${state.readings === 1 ? '' : 's'} · ${state.rejected} rejected`;
  const left: Line = [[counts, 'dim'], ...(state.status === null ? [] : ([[` · ${state.status}`, 'warn']] as Segment[]))];
  return spread(left, [['Ctrl-C to quit', 'dim']], width);
}
