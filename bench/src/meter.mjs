// A simulated meter: the state behind its telegrams. Values move the way real ones do (registers only grow, power
// wanders and jumps, gas moves in steps at its reporting interval) so that the parsers see changing digits, not the
// same telegram over and over, which would flatter any cache.
import { localClock } from './dsmr-format.mjs';

const QUARTER_MS = 900_000;

export class SimulatedMeter {
  /**
   * @param rand seeded PRNG (createRng from @p1/emulator)
   * @param model telegram model (models.mjs): phases, interval, gas interval, country
   * @param startMs first telegram time (UTC ms)
   */
  constructor(rand, model, startMs) {
    this.rand = rand;
    this.model = model;
    this.t = startMs;
    this.id = `00${randomInt(rand, 1e13, 1e14 - 1)}`;
    this.gasId = `00${randomInt(rand, 1e13, 1e14 - 1)}`;
    // Registers in Wh plus the joules not yet making a whole Wh: integers, so no rounding drift.
    this.importWh = [randomInt(rand, 1e6, 2e7), randomInt(rand, 1e6, 2e7)];
    this.exportWh = [randomInt(rand, 1e5, 9e6), randomInt(rand, 1e5, 9e6)];
    this.importJ = [0, 0];
    this.exportJ = [0, 0];
    this.powerW = Array.from({ length: model.phases }, () => randomInt(rand, -1500, 3000));
    this.voltageDV = Array.from({ length: model.phases }, () => randomInt(rand, 2280, 2360));
    this.sags = Array.from({ length: model.phases }, () => randomInt(rand, 0, 3));
    this.swells = Array.from({ length: model.phases }, () => randomInt(rand, 0, 2));
    this.gasDm3 = randomInt(rand, 1e6, 5e6);
    this.gasStampMs = this.gasBoundary(startMs);
    this.quarterStartMs = Math.floor(startMs / QUARTER_MS) * QUARTER_MS;
    this.quarterJ = 0;
    this.maxDemand = { watts: randomInt(rand, 2000, 6000), atMs: startMs - randomInt(rand, 1, 20) * 86_400_000 };
    this.tariff = this.tariffAt(startMs);
  }

  /** Phase power split into what is imported and what is exported (W, non-negative). */
  get importPhasesW() {
    return this.powerW.map((w) => Math.max(w, 0));
  }
  get exportPhasesW() {
    return this.powerW.map((w) => Math.max(-w, 0));
  }
  get importW() {
    return sum(this.importPhasesW);
  }
  get exportW() {
    return sum(this.exportPhasesW);
  }
  /** Running average of the current quarter hour (Belgian capacity tariff), W. */
  get demandW() {
    const seconds = (this.t - this.quarterStartMs) / 1000;
    return seconds === 0 ? this.importW : Math.round(this.quarterJ / seconds);
  }

  /** Moves the meter on by one telegram interval. */
  step() {
    const { rand, model } = this;
    const dt = model.intervalS;
    for (let p = 0; p < this.powerW.length; p++) {
      // Mostly small wander, sometimes an appliance switching (a jump to a new level).
      const w = rand() < 0.01 ? randomInt(rand, -2500, 4500) : this.powerW[p] + randomInt(rand, -120, 120);
      this.powerW[p] = clamp(w, -5000, 8000);
      this.voltageDV[p] = clamp(this.voltageDV[p] + randomInt(rand, -3, 3), 2200, 2480);
      if (rand() < 1e-5) this.sags[p]++;
      if (rand() < 1e-5) this.swells[p]++;
    }
    const tariff = this.tariff - 1;
    this.importJ[tariff] += this.importW * dt;
    this.exportJ[tariff] += this.exportW * dt;
    for (let k = 0; k < 2; k++) {
      this.importWh[k] += Math.floor(this.importJ[k] / 3600);
      this.importJ[k] %= 3600;
      this.exportWh[k] += Math.floor(this.exportJ[k] / 3600);
      this.exportJ[k] %= 3600;
    }
    this.quarterJ += this.importW * dt;
    this.t += dt * 1000;
    this.tariff = this.tariffAt(this.t);
    this.nextQuarter();
    this.nextGas();
  }

  nextQuarter() {
    const start = Math.floor(this.t / QUARTER_MS) * QUARTER_MS;
    if (start === this.quarterStartMs) return;
    const average = Math.round(this.quarterJ / ((start - this.quarterStartMs) / 1000));
    if (average > this.maxDemand.watts) this.maxDemand = { watts: average, atMs: start };
    this.quarterStartMs = start;
    this.quarterJ = 0;
  }

  nextGas() {
    const boundary = this.gasBoundary(this.t);
    if (boundary === this.gasStampMs) return;
    this.gasStampMs = boundary;
    this.gasDm3 += randomInt(this.rand, 0, (this.model.gasEveryS / 300) * 40);
  }

  gasBoundary(ms) {
    const every = (this.model.gasEveryS ?? 300) * 1000;
    return Math.floor(ms / every) * every;
  }

  /** NL: 1 = low (nights and weekends), 2 = normal. BE: 1 = day, 2 = night. */
  tariffAt(ms) {
    const { hour, weekday } = localClock(ms);
    const weekend = weekday === 0 || weekday === 6;
    if (this.model.belgian) return !weekend && hour >= 7 && hour < 22 ? 1 : 2;
    return !weekend && hour >= 7 && hour < 23 ? 2 : 1;
  }
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function clamp(n, min, max) {
  return Math.min(max, Math.max(min, n));
}

/** An integer in [min, max], inclusive. */
function randomInt(rand, min, max) {
  return min + Math.floor(rand() * (max - min + 1));
}
