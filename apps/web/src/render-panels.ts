import { decodeHexText, PROFILES, type Measurement, type Phases, type Reading } from '@p1/core';
import type { DashboardModel } from './dashboard-model.js';
import { byId, fill, h, setText } from './dom.js';
import { day, duration, fixed, measured, month, size, time } from './format.js';

/** The single values on the page: `data-field` name -> its text, from the model. */
const FIELDS: Readonly<Record<string, (m: DashboardModel, r: Reading | null) => string>> = {
  'import-now': (_, r) => fixed(r?.electricity.received.actual.reading, 3),
  'export-now': (_, r) => fixed(r?.electricity.delivered.actual.reading, 3),
  tariff: (m, r) => {
    const indicator = r?.electricity.tariffIndicator ?? null;
    if (indicator === null || m.latest === null) return '–';
    const meaning = PROFILES[m.latest.profile].tariffs[indicator as 1 | 2];
    return meaning === undefined ? String(indicator) : `${indicator} (${meaning})`;
  },
  'meter-time': (m) => time(m.latest?.time ?? null),
  'import-t1': (_, r) => (r ? measured(r.electricity.received.tariff1, 3, 'kWh') : '–'),
  'import-t2': (_, r) => (r ? measured(r.electricity.received.tariff2, 3, 'kWh') : '–'),
  'export-t1': (_, r) => (r ? measured(r.electricity.delivered.tariff1, 3, 'kWh') : '–'),
  'export-t2': (_, r) => (r ? measured(r.electricity.delivered.tariff2, 3, 'kWh') : '–'),
  // The registers without tariffs (Sweden, Luxembourg, Austria)
  totals: (_, r) => (r ? `${measured(r.electricity.received.total, 3, 'kWh')} / ${measured(r.electricity.delivered.total, 3, 'kWh')}` : '–'),
  // Reactive energy (1-0:3.8.0, 4.8.0), in the unit the meter sends (kvarh, kVArh)
  reactive: (_, r) => (r ? `${measured(r.electricity.reactive.received.total, 3, 'kvarh')} / ${measured(r.electricity.reactive.delivered.total, 3, 'kvarh')}` : '–'),
  'meter-type': (_, r) => r?.meterType ?? '–',
  profile: (m) => (m.latest ? PROFILES[m.latest.profile].name : '–'),
  version: (_, r) => r?.version ?? '–',
  'equipment-id': (_, r) => equipmentId(r?.equipmentId ?? null),
  'power-failures': (_, r) => (r ? `${fixed(r.electricity.numberOfPowerFailures, 0)} (long: ${fixed(r.electricity.numberOfLongPowerFailures, 0)})` : '–'),
  'voltage-sags': (_, r) => (r ? PHASES.map((p) => fixed(r.electricity.voltageSags[p], 0)).join(' / ') : '–'),
  'voltage-swells': (_, r) => (r ? PHASES.map((p) => fixed(r.electricity.voltageSwell[p], 0)).join(' / ') : '–'),
  'since-import': (m) => fixed(m.sinceStart()?.importKwh, 3),
  'since-export': (m) => fixed(m.sinceStart()?.exportKwh, 3),
  'since-gas': (m) => fixed(m.sinceStart()?.gasM3, 3),
  'since-duration': (m) => (m.sinceStart() ? duration(m.sinceStart()!.ms) : '–'),
  readings: (m) => String(m.counters.readings),
  'crc-errors': (m) => String(m.counters.crcErrors),
  rejected: (m) => String(m.counters.rejected),
  'text-message': (_, r) => r?.textMessage.message ?? '',
  'source-name': (m) => (m.source === 'server' ? `p1 serve · ${m.sourceName}` : m.sourceName),
  'hours-day': (m) => (m.last === null ? '' : day(m.last.time)),
  'text-codes': (_, r) => r?.textMessage.codes ?? '',
};

const PHASES = ['L1', 'L2', 'L3'] as const;

/** Equipment ids come in hex; most are printable text (`E0044007300518217`), shown as such. */
const equipmentId = (hex: string | null): string => (hex === null ? '–' : (decodeHexText(hex) ?? hex));

/** The rows of the phase table: where in the reading, decimals, unit. */
const PHASE_ROWS: readonly { label: string; get: (r: Reading) => Phases<Measurement>; digits: number; unit: string }[] = [
  { label: 'Import', get: (r) => r.electricity.instantaneous.power.positive, digits: 3, unit: 'kW' },
  { label: 'Export', get: (r) => r.electricity.instantaneous.power.negative, digits: 3, unit: 'kW' },
  { label: 'Voltage', get: (r) => r.electricity.instantaneous.voltage, digits: 1, unit: 'V' },
  { label: 'Current', get: (r) => r.electricity.instantaneous.current, digits: 0, unit: 'A' },
];

const MEDIUM_NAMES: Readonly<Record<string, string>> = { gas: 'Gas', water: 'Water', 'cold-water': 'Water', 'warm-water': 'Warm water', heat: 'Heat' };

/** Draws every panel but the charts from the model. Cheap when little changed: text is set only when different. */
export class PanelRenderer {
  private readonly fields = [...document.querySelectorAll<HTMLElement>('[data-field]')];
  private readonly phases = byId('phase-rows');
  private readonly mbus = byId('mbus-rows');
  private readonly demand = byId('demand');
  private readonly message = byId('message');
  private readonly errors = byId('error-list');
  private readonly summary = byId('summary');
  private readonly notice = byId('notice');
  private lastReading: Reading | null = null;
  /** What each rebuilt part last showed: rebuilt only when it changes (60 frames a second, mostly the same). */
  private readonly shown = new Map<Element, string>();

  /** Replaces `element`'s children with `build()` when `texts` differ from what it shows. */
  private rebuild(element: Element, texts: unknown, build: () => (Node | string)[]): void {
    const key = JSON.stringify(texts);
    if (this.shown.get(element) === key) return;
    this.shown.set(element, key);
    fill(element, ...build());
  }

  render(m: DashboardModel): void {
    const r = m.latest?.reading ?? null;
    for (const element of this.fields) setText(element, FIELDS[element.dataset.field!]?.(m, r) ?? '');
    document.body.dataset.source = m.source ?? 'none';
    document.body.dataset.hasReading = String(r !== null);
    setText(byId('since-title'), m.source === 'file' ? 'Energy in this file' : m.source === 'server' && m.first !== null ? `Energy since ${time(m.first.time)}` : 'Energy since the page opened');
    this.renderNotice(m);
    this.rebuild(this.errors, m.errors, () => m.errors.map((e) => h('li', {}, e)));
    // The tables follow the reading; a new reading object means something may have changed.
    if (r !== this.lastReading) {
      this.lastReading = r;
      this.renderPhases(r);
      this.renderMbus(r);
      this.renderDemand(r);
      this.message.hidden = !r?.textMessage.message && !r?.textMessage.codes;
    }
    this.renderSummary(m);
  }

  private renderNotice(m: DashboardModel): void {
    setText(this.notice, m.status?.text ?? '');
    this.notice.classList.toggle('problem', m.status?.problem === true);
    this.notice.hidden = m.status === null;
  }

  private renderPhases(r: Reading | null): void {
    const rows = (r === null ? [] : PHASE_ROWS.map((row) => ({ row, phases: row.get(r) })))
      .filter(({ phases }) => PHASES.some((p) => phases[p].reading !== null))
      .map(({ row, phases }) => ({ label: row.label, cells: PHASES.map((p) => measured(phases[p], row.digits, row.unit)) }));
    this.rebuild(this.phases, rows, () =>
      rows.map(({ label, cells }) => h('tr', {}, h('th', { scope: 'row' }, label), ...cells.map((text, i) => h('td', { 'data-phase': `${label.toLowerCase()}-${PHASES[i]}` }, text)))),
    );
  }

  private renderMbus(r: Reading | null): void {
    const devices = r?.mbus ?? [];
    this.rebuild(this.mbus, devices, () =>
      devices.map((d) =>
        h(
          'tr',
          { 'data-medium': d.medium ?? 'unknown' },
          h('th', { scope: 'row' }, `${MEDIUM_NAMES[d.medium ?? ''] ?? d.medium ?? 'Device'}`, h('small', {}, `measured ${time(d.timestamp)}`), h('small', { class: 'id' }, `channel ${d.channel} · ${equipmentId(d.equipmentId)}`)),
          h('td', { class: 'num' }, d.reading === null ? '–' : `${fixed(d.reading, 3)} ${d.unit ?? ''}`.trim()),
        ),
      ),
    );
    byId('mbus').hidden = devices.length === 0;
  }

  private renderDemand(r: Reading | null): void {
    const demand = r?.electricity.demand;
    const active = demand?.positiveActiveDemand;
    const has = active !== undefined && (active.currentDemandPeriod.reading !== null || active.maximumDemand.reading !== null);
    this.demand.hidden = !has;
    if (!has) return;
    setText(byId('demand-now'), measured(active.currentDemandPeriod, 3, 'kW'));
    setText(byId('demand-peak'), active.maximumDemand.reading === null ? '–' : `${fixed(active.maximumDemand.reading, 3)} ${active.maximumDemand.unit ?? 'kW'}`);
    setText(byId('demand-peak-time'), time(active.maximumDemand.timestamp));
    const months = demand!.maximumDemandLastMonths.months;
    this.rebuild(byId('demand-months'), months, () =>
      months.map((mo) => h('tr', {}, h('th', { scope: 'row' }, month(mo.month)), h('td', { class: 'num' }, mo.value === null ? '–' : `${fixed(mo.value, 3)} ${mo.unit ?? 'kW'}`), h('td', {}, time(mo.timestamp)))),
    );
  }

  private renderSummary(m: DashboardModel): void {
    const s = m.summary;
    this.summary.hidden = s === null;
    if (s === null) return;
    setText(byId('summary-file'), `${s.fileName} (${size(s.bytes)})`);
    setText(byId('summary-period'), s.firstTime === null ? '–' : `${time(s.firstTime)} – ${time(s.lastTime)} (${duration((s.lastTime ?? 0) - s.firstTime)})`);
    setText(byId('summary-telegrams'), `${m.counters.readings} telegrams, ${m.counters.crcErrors} CRC errors, ${m.counters.rejected} rejected`);
    setText(byId('summary-import'), fixed(s.total.importKwh, 3));
    setText(byId('summary-export'), fixed(s.total.exportKwh, 3));
    this.rebuild(byId('summary-days'), s.days, () =>
      s.days.map(([start, t]) => h('tr', {}, h('th', { scope: 'row' }, day(start)), h('td', { class: 'num' }, fixed(t.importKwh, 3)), h('td', { class: 'num' }, fixed(t.exportKwh, 3)))),
    );
  }
}
