import { applyModel, lastCapture, tariffOf } from './advance.js';
import { createDemand } from './capacity-demand.js';
import type { EmulatorConfig } from './emulator-options.js';
import { HOUSEHOLD_REGISTERS } from './household-model.js';
import type { MeterState } from './meter-state.js';
import type { Rng } from './rng.js';

/** The kWh registers of the first telegram: tariff 1 received at its offset; a household's others after years of use. */
function startRegisters(config: EmulatorConfig): MeterState['energy'] {
  if (config.realistic === null) return { received: [config.electricityOffset, 0], delivered: [0, 0] };
  const [t1, t2] = HOUSEHOLD_REGISTERS.delivered;
  return {
    received: [config.electricityOffset, HOUSEHOLD_REGISTERS.received[1]],
    delivered: config.realistic.solar > 0 ? [t1, t2] : [0, 0],
  };
}

/**
 * The meter at `config.start`: registers at their offsets, the model's conditions of that moment, M-Bus values
 * captured at the last capture time, and (for the capacity tariff) a demand history drawn from `rng`.
 */
export function createMeterState(config: EmulatorConfig, rng: Rng): MeterState {
  const start = config.start;
  const state: MeterState = {
    config,
    time: start,
    tariff: tariffOf(config, start),
    energy: startRegisters(config),
    power: { received: 0, delivered: 0, receivedPhases: [0, 0, 0], deliveredPhases: [0, 0, 0] },
    voltage: [0, 0, 0],
    current: [0, 0, 0],
    powerFailures: 0,
    longPowerFailures: 0,
    powerFailureLog: [],
    voltageSags: [0, 0, 0],
    voltageSwells: [0, 0, 0],
    textMessage: '',
    demand: createDemand(start, rng),
    mbus: config.devices.map((d) => ({
      channel: d.channel,
      medium: d.medium,
      equipmentId: d.equipmentId,
      register: d.offset,
      captured: { time: lastCapture(config, start), value: d.offset },
      flow: 0,
    })),
    world: { cloud: rng(), running: [], drift: [0, 0, 0], failure: null, messageUntil: 0 },
  };
  applyModel(state, start, start, rng);
  // The running quarter began before the emulator did: take it to have drawn what the meter draws now.
  const { quarterStart } = state.demand;
  state.demand.quarterEnergy = (state.power.received * (start - quarterStart)) / 3_600_000;
  return state;
}
