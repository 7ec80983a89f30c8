import type { MeterState, PhaseValues } from './meter-state.js';

/**
 * Sets the power, current and voltage lines from the net power of each phase (kW, received > 0, delivered < 0).
 * Totals net the phases against each other, as Dutch and Belgian meters do, so a house can receive on L2 while
 * it delivers on L1: the per-phase lines then add up to more than the totals, and their difference to the same.
 */
export function setPhasePower(state: MeterState, net: PhaseValues, voltage: PhaseValues): void {
  const total = net[0] + net[1] + net[2];
  state.power.received = Math.max(0, total);
  state.power.delivered = Math.max(0, -total);
  for (let i = 0; i < 3; i++) {
    state.power.receivedPhases[i] = Math.max(0, net[i]!);
    state.power.deliveredPhases[i] = Math.max(0, -net[i]!);
    state.voltage[i] = voltage[i]!;
    state.current[i] = voltage[i]! > 0 ? (Math.abs(net[i]!) * 1000) / voltage[i]! : 0;
  }
}
