import type { MeterState, PhaseValues } from './meter-state.js';
import { setPhasePower } from './phase-power.js';

const NOMINAL_VOLTAGE = 230;

/**
 * The seed's emulator mode: a constant load that adds `electricityIncrement` kWh every interval, spread evenly
 * over the phases at 230 V, so `received.actual` is the mean power that increment implies. M-Bus values step by
 * their `increment` at each capture (see `advance`); nothing random happens.
 */
export function steadyStep(state: MeterState): void {
  const { electricityIncrement, interval, phases } = state.config;
  const perPhase = (electricityIncrement * 3600) / interval / phases;
  const net: PhaseValues = phases === 3 ? [perPhase, perPhase, perPhase] : [perPhase, 0, 0];
  const voltage: PhaseValues = phases === 3 ? [NOMINAL_VOLTAGE, NOMINAL_VOLTAGE, NOMINAL_VOLTAGE] : [NOMINAL_VOLTAGE, 0, 0];
  setPhasePower(state, net, voltage);
  state.textMessage = state.config.textMessage;
}
