import { freezeDeep } from '@p1/core/internal';
import { localClock } from './local-time.js';
import type { MeterState, PhaseValues } from './meter-state.js';
import { setPhasePower } from './phase-power.js';
import { between, chance, integerBetween, type Rng } from './rng.js';

/** Something a household switches on: its draw, how long, how often, in which local hours, on which phase. */
export interface HouseholdUse {
  name: string;
  /** Mean uses per day, spread over `hours`. */
  perDay: number;
  minutes: number;
  /** Local hours [from, until) in which it starts. */
  hours: readonly [number, number];
  kW?: number;
  /** 0-2: L1-L3 on a three-phase meter; everything is on L1 of a single-phase meter. */
  phase?: number;
  /** m3/h of water while in use. */
  water?: number;
  /** m3/h of gas while in use (hot water). */
  gas?: number;
}

/** The appliances and taps of the simulated household, as data. */
export const HOUSEHOLD_USES: readonly HouseholdUse[] = freezeDeep([
  { name: 'kettle', perDay: 4, minutes: 3, hours: [6, 23], kW: 2.0, phase: 0 },
  { name: 'cooker', perDay: 0.9, minutes: 40, hours: [16, 20], kW: 2.2, phase: 1 },
  { name: 'washing machine', perDay: 0.5, minutes: 90, hours: [8, 21], kW: 1.9, phase: 2, water: 0.03 },
  { name: 'dishwasher', perDay: 0.7, minutes: 70, hours: [19, 23], kW: 1.7, phase: 1, water: 0.01 },
  { name: 'fridge', perDay: 30, minutes: 20, hours: [0, 24], kW: 0.12, phase: 2 },
  { name: 'shower', perDay: 1.5, minutes: 8, hours: [6, 23], water: 0.48, gas: 1.1 },
  { name: 'toilet', perDay: 8, minutes: 1, hours: [6, 24], water: 0.36 },
  { name: 'tap', perDay: 10, minutes: 2, hours: [7, 23], water: 0.3 },
]);

/**
 * The registers of the household's meter when the emulator starts: some six years of use by a family with solar
 * panels (about 2 400 kWh a year imported, 1 500 exported, 700 m3 of gas), so that a capture reads like a real
 * meter's. Index 0 is tariff 1 (NL low, BE day); water in m3, heat in GJ. Without panels nothing was exported.
 */
export const HOUSEHOLD_REGISTERS = freezeDeep({
  received: [7412.583, 6894.127],
  delivered: [3102.26, 5958.716],
  gas: 4211.387,
  water: 512.604,
  heat: 131.482,
} as const);

/** Lights, screens and chargers by local hour (kW, all phases together). */
const ROUTINE_KW = [
  0.06, 0.05, 0.05, 0.05, 0.05, 0.06, 0.12, 0.3, 0.25, 0.15, 0.12, 0.12,
  0.15, 0.12, 0.12, 0.14, 0.2, 0.35, 0.45, 0.5, 0.5, 0.45, 0.3, 0.12,
];
const STANDBY_KW = 0.12;
const ROUTINE_SHARE: PhaseValues = [0.45, 0.3, 0.25];

/** Messages a grid operator sends to the meter's display. */
export const TEXT_MESSAGES: readonly string[] = freezeDeep([
  'Storing in uw wijk verholpen. Excuses voor het ongemak.',
  'Gepland onderhoud aan het net op zaterdag tussen 08:00 en 12:00.',
  'Welkom bij uw nieuwe slimme meter.',
  'Uw meter wordt binnenkort op afstand bijgewerkt.',
]);

const RAD = Math.PI / 180;
const LATITUDE = 52.1 * RAD; // Utrecht: solar and heating follow a Dutch/Belgian climate
const LONGITUDE = 5.1;
const NOMINAL_VOLTAGE = 230;
const GJ_PER_M3_GAS = 0.0317;
/** Single-phase inverters are allowed up to this size in NL; larger systems spread over three phases. */
const SINGLE_PHASE_SOLAR_KW = 4.6;
const LONG_FAILURE_S = 180;
const LOG_SIZE = 10;

/**
 * One step of the simulated household, for the interval (from, to]: what runs, what the sun and the heating do,
 * and the grid's events (power failures on one phase, voltage sags and swells, text messages). Sets the power,
 * voltage and current lines and the M-Bus flows; `advance` turns them into register values.
 */
export function householdStep(state: MeterState, from: number, to: number, rng: Rng): void {
  const options = state.config.realistic!;
  const world = state.world;
  const seconds = (to - from) / 1000;
  const local = localClock(to);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const threePhase = state.config.phases === 3;

  if (world.running.some((r) => r.until <= to)) world.running = world.running.filter((r) => r.until > to);
  HOUSEHOLD_USES.forEach((use, index) => {
    const [fromHour, untilHour] = use.hours;
    if (hour < fromHour || hour >= untilHour || world.running.some((r) => r.use === index)) return;
    if (chance(rng, (use.perDay * seconds) / ((untilHour - fromHour) * 3600))) {
      world.running = [...world.running, { use: index, until: to + use.minutes * 60_000 * between(rng, 0.7, 1.3) }];
    }
  });

  const routine = STANDBY_KW + ROUTINE_KW[Math.floor(hour)]!;
  const load: PhaseValues = threePhase ? [routine * ROUTINE_SHARE[0], routine * ROUTINE_SHARE[1], routine * ROUTINE_SHARE[2]] : [routine, 0, 0];
  for (const r of world.running) {
    const use = HOUSEHOLD_USES[r.use]!;
    if (use.kW !== undefined) load[threePhase ? (use.phase ?? 0) : 0]! += use.kW;
  }
  world.cloud = clamp(world.cloud + (rng() - 0.5) * 0.3 * Math.sqrt(seconds / 600), 0, 1);
  const solar = options.solar * sunshine(to) * (1 - 0.75 * world.cloud);
  const spreadSolar = threePhase && options.solar > SINGLE_PHASE_SOLAR_KW;
  const net: PhaseValues = [load[0] - (spreadSolar ? solar / 3 : solar), load[1], load[2]];
  if (spreadSolar) for (const i of [1, 2]) net[i]! -= solar / 3;

  gridEvents(state, to, seconds, rng);
  const voltage: PhaseValues = [0, 0, 0];
  for (let i = 0; i < (threePhase ? 3 : 1); i++) {
    world.drift[i] = clamp(world.drift[i]! + (rng() - 0.5) * 0.4 * Math.sqrt(seconds), -5, 5);
    // A house pulls its phase down when it draws and pushes it up when it feeds in.
    voltage[i] = NOMINAL_VOLTAGE + world.drift[i]! - 0.3 * Math.max(0, net[i]!) + 0.5 * Math.max(0, -net[i]!);
  }
  if (world.failure !== null) {
    net[world.failure.phase] = 0;
    voltage[world.failure.phase] = 0;
  }
  setPhasePower(state, net, voltage);
  setFlows(state, to, hour);
}

/** Power failures (logged once over), voltage sags and swells, and text messages on the display. */
function gridEvents(state: MeterState, to: number, seconds: number, rng: Rng): void {
  const options = state.config.realistic!;
  const world = state.world;
  const perDay = seconds / 86_400;
  const phases = state.config.phases;

  const failure = world.failure;
  if (failure !== null && to >= failure.end) {
    const duration = (failure.end - failure.start) / 1000;
    state.powerFailures++;
    if (duration >= LONG_FAILURE_S) {
      state.longPowerFailures++;
      state.powerFailureLog = [...state.powerFailureLog, { end: failure.end, duration }].slice(-LOG_SIZE);
    }
    world.failure = null;
  } else if (failure === null && chance(rng, options.powerFailuresPerDay * perDay)) {
    // Most failures are short; long ones last from 3 minutes to 2 hours, log-uniformly.
    const duration = chance(rng, 0.6) ? integerBetween(rng, 1, LONG_FAILURE_S - 1) : Math.round(LONG_FAILURE_S * Math.exp(rng() * Math.log(40)));
    world.failure = { phase: integerBetween(rng, 0, phases - 1), start: to, end: to + duration * 1000 };
  }

  for (let i = 0; i < phases; i++) {
    if (chance(rng, options.voltageEventsPerDay * perDay)) state.voltageSags[i]!++;
    if (chance(rng, options.voltageEventsPerDay * perDay)) state.voltageSwells[i]!++;
  }

  if (state.textMessage !== '' && to >= world.messageUntil) state.textMessage = '';
  if (state.textMessage === '' && chance(rng, options.textMessagesPerDay * perDay)) {
    state.textMessage = TEXT_MESSAGES[integerBetween(rng, 0, TEXT_MESSAGES.length - 1)]!;
    world.messageUntil = to + between(rng, 1, 4) * 3_600_000;
  }
}

/** Gas and heat follow the heating (heat meter first when there is one), water the taps in use. */
function setFlows(state: MeterState, to: number, hour: number): void {
  const hasHeat = state.mbus.some((d) => d.medium === 'heat');
  const setpoint = hour >= 7 && hour < 23 ? 20 : 16;
  const heating = Math.max(0, setpoint - outdoorTemperature(to, hour)) * 0.04; // m3 gas per hour
  let water = 0;
  let hotWater = 0;
  for (const r of state.world.running) {
    water += HOUSEHOLD_USES[r.use]!.water ?? 0;
    hotWater += HOUSEHOLD_USES[r.use]!.gas ?? 0;
  }
  for (const device of state.mbus) {
    if (device.medium === 'water') device.flow = water;
    else if (device.medium === 'heat') device.flow = heating * GJ_PER_M3_GAS;
    else device.flow = (hasHeat ? 0 : heating) + hotWater;
  }
}

/** 0 at night ... about 0.85 at a clear summer noon: the sine of the sun's elevation, softened. */
export function sunshine(utc: number): number {
  const d = new Date(utc);
  const day = (utc - Date.UTC(d.getUTCFullYear(), 0, 0)) / 86_400_000;
  const declination = 23.44 * RAD * Math.sin((2 * Math.PI * (284 + day)) / 365);
  const hourAngle = ((d.getUTCHours() + d.getUTCMinutes() / 60 + LONGITUDE / 15 - 12) * 15) * RAD;
  const elevation =
    Math.sin(LATITUDE) * Math.sin(declination) + Math.cos(LATITUDE) * Math.cos(declination) * Math.cos(hourAngle);
  return elevation > 0 ? elevation ** 1.2 : 0;
}

/** About 3 °C on a January morning, 21 °C on a July afternoon. */
function outdoorTemperature(utc: number, hour: number): number {
  const d = new Date(utc);
  const day = (utc - Date.UTC(d.getUTCFullYear(), 0, 0)) / 86_400_000;
  return 10.5 - 7.5 * Math.cos((2 * Math.PI * (day - 20)) / 365) + 3 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
