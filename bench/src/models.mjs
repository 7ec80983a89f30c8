// The meters the corpus imitates: which lines each sends, in the layout of real captures (fixtures/telegrams).
// Every line is one that p1-reader 2.0.6 knows, so that its console.error stays silent on data lines (its only
// complaint is the '!CRC' line, which its own serial reader cut off before parsing).
import { fixed, hexText, pad, p1Stamp } from './dsmr-format.mjs';

const VOLTAGE = ['32.7.0', '52.7.0', '72.7.0'];
const CURRENT = ['31.7.0', '51.7.0', '71.7.0'];
const POWER_IN = ['21.7.0', '41.7.0', '61.7.0'];
const POWER_OUT = ['22.7.0', '42.7.0', '62.7.0'];
const SAGS = ['32.32.0', '52.32.0', '72.32.0'];
const SWELLS = ['32.36.0', '52.36.0', '72.36.0'];

const kWh = (wh) => `${fixed(wh, 6, 3)}*kWh`;
const kW = (w) => `${fixed(w, 2, 3)}*kW`;
const perPhase = (codes, values, format) => values.map((v, p) => `1-0:${codes[p]}(${format(v)})`);

function registers(m) {
  return [
    `1-0:1.8.1(${kWh(m.importWh[0])})`,
    `1-0:1.8.2(${kWh(m.importWh[1])})`,
    `1-0:2.8.1(${kWh(m.exportWh[0])})`,
    `1-0:2.8.2(${kWh(m.exportWh[1])})`,
    `0-0:96.14.0(${pad(m.tariff, 4)})`,
  ];
}

function totalPower(m) {
  return [`1-0:1.7.0(${kW(m.importW)})`, `1-0:2.7.0(${kW(m.exportW)})`];
}

/** Power failures, the long-failure log (fixed: failures are rare) and the sag/swell counters of NL meters. */
function quality(m) {
  const log = m.model.failureLog.map(([ms, s]) => `(${p1Stamp(ms)})(${pad(s, 10)}*s)`).join('');
  return [
    '0-0:96.7.21(00004)',
    `0-0:96.7.9(${pad(m.model.failureLog.length, 5)})`,
    `1-0:99.97.0(${m.model.failureLog.length})(0-0:96.7.19)${log}`,
    ...perPhase(SAGS, m.sags, (n) => pad(n, 5)),
    ...perPhase(SWELLS, m.swells, (n) => pad(n, 5)),
  ];
}

function instantaneous(m, { voltages, centiamps }) {
  const amps = m.powerW.map((w, p) => Math.round((Math.abs(w) * (centiamps ? 1000 : 10)) / m.voltageDV[p]));
  return [
    ...(voltages ? perPhase(VOLTAGE, m.voltageDV, (dv) => `${fixed(dv, 3, 1)}*V`) : []),
    ...perPhase(CURRENT, amps, (a) => (centiamps ? `${fixed(a, 3, 2)}*A` : `${pad(a, 3)}*A`)),
    ...perPhase(POWER_IN, m.importPhasesW, kW),
    ...perPhase(POWER_OUT, m.exportPhasesW, kW),
  ];
}

function nlGas(m) {
  return [
    '0-1:24.1.0(003)',
    `0-1:96.1.0(${hexText(`G${m.gasId}`)})`,
    `0-1:24.2.1(${p1Stamp(m.gasStampMs)})(${fixed(m.gasDm3, 5, 3)}*m3)`,
  ];
}

/** The lines every Dutch meter here starts with: version, clock, id, energy, power, quality. */
function nlHead(m, version) {
  return [
    `1-3:0.2.8(${version})`,
    `0-0:1.0.0(${p1Stamp(m.t)})`,
    `0-0:96.1.1(${hexText(`E${m.id}`)})`,
    ...registers(m),
    ...totalPower(m),
    ...quality(m),
  ];
}

const FAILURES = [
  [Date.UTC(2023, 10, 2, 13, 20, 15), 240],
  [Date.UTC(2024, 0, 17, 4, 2, 51), 12600],
];

/** DSMR 5.0.2 three-phase with gas every 5 minutes (Iskra AM550 layout): about 900 bytes. */
export const DSMR5_AM550 = {
  header: 'ISk5\\2M550T-1012',
  phases: 3,
  intervalS: 1,
  gasEveryS: 300,
  failureLog: FAILURES,
  lines: (m) => [
    ...nlHead(m, 50),
    '0-0:96.13.0()',
    ...instantaneous(m, { voltages: true }),
    ...nlGas(m),
  ],
};

function dsmr42(header, phases, { gas, message }) {
  return {
    header,
    phases,
    intervalS: 10,
    gasEveryS: 3600,
    failureLog: FAILURES.slice(0, phases === 3 ? 2 : 1),
    lines: (m) => [
      ...nlHead(m, 42),
      '0-0:96.13.1()',
      `0-0:96.13.0(${message ? hexText(message) : ''})`,
      ...instantaneous(m, { voltages: false }),
      ...(gas ? nlGas(m) : []),
    ],
  };
}

/** DSMR 4.2 meters, every 10 s, hourly gas: Kaifa three-phase, Landis+Gyr single-phase with a text message, Iskra without gas. */
export const DSMR42_MIX = [
  dsmr42('KFM5KAIFA-METER', 3, { gas: true }),
  dsmr42('XMX5LGBBFG1012463891', 1, { gas: true, message: 'Storing gepland op 12 maart tussen 09:00 en 11:00.' }),
  dsmr42('ISk5\\2MT382-1000', 3, { gas: false }),
];

/** 13 months of maximum demand before `startMs` (0-0:98.1.0), oldest first, as eMUCs 1.7 sends it. */
function demandHistory(m) {
  const first = new Date(m.t);
  const lines = [];
  for (let k = 13; k >= 1; k--) {
    const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - k + 1, 1));
    const peak = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 1, 3 + ((k * 7) % 17), 17, (k % 4) * 15));
    const watts = 2500 + ((k * 977 + Number(m.id.slice(-3))) % 4000);
    lines.push(`(${monthStamp(month)})(${monthStamp(peak)})(${kW(watts)})`);
  }
  return `0-0:98.1.0(13)(1-0:1.6.0)(1-0:1.6.0)${lines.join('')}`;
}

/** A stamp for a local date in months that lie wholly in summer or winter time (day <= 20 keeps clear of the switch). */
function monthStamp(d) {
  const summer = d.getUTCMonth() >= 3 && d.getUTCMonth() <= 9;
  const yy = pad(d.getUTCFullYear() % 100, 2);
  return `${yy}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}00${summer ? 'S' : 'W'}`;
}

function emucs17(header, phases) {
  return {
    header,
    phases,
    intervalS: 1,
    gasEveryS: 300,
    belgian: true,
    lines: (m) => [
      '0-0:96.1.4(50217)',
      `0-0:96.1.1(${hexText(`1SAG${m.id.slice(-10)}`)})`,
      `0-0:1.0.0(${p1Stamp(m.t)})`,
      ...registers(m),
      `1-0:1.4.0(${kW(m.demandW)})`,
      `1-0:1.6.0(${p1Stamp(m.maxDemand.atMs)})(${kW(m.maxDemand.watts)})`,
      // Fixed for the run (it changes once a month), so built once per meter.
      (m.demandHistory ??= demandHistory(m)),
      ...totalPower(m),
      ...instantaneous(m, { voltages: true, centiamps: true }),
      '0-0:96.3.10(1)',
      '0-0:17.0.0(999.9*kW)',
      '1-0:31.4.0(999*A)',
      '0-0:96.13.0()',
      '0-1:24.1.0(003)',
      `0-1:96.1.1(${hexText(`1SAG${m.gasId.slice(-10)}`)})`,
      '0-1:24.4.0(1)',
      `0-1:24.2.3(${p1Stamp(m.gasStampMs)})(${fixed(m.gasDm3, 5, 3)}*m3)`,
    ],
  };
}

/** Belgian eMUCs 1.7 (capacity tariff, 13-month history, 0-1:24.2.3 gas), three-phase and single-phase. */
export const EMUCS_MIX = [emucs17('FLU5\\253770184_A', 3), emucs17('FLU5\\253769484_A', 1)];
