import { freezeDeep } from '@p1/core/internal';
import type { MbusMedium, Measurement, Reading } from '@p1/core';
import type { QuantityName } from './quantities.js';

/** One value of a reading: its topic under the meter's, its name in Home Assistant, its kind, where it is. */
export interface SensorSpec {
  /** The topic under `<base>/<meter>/`, also the sensor's object id (with `_` for `/`). */
  topic: string;
  name: string;
  quantity: QuantityName;
  /** The value and its unit as the meter sent them; null when the telegram does not carry it. */
  read(reading: Reading): { value: number | string | null; unit: string | null };
}

const measured = (get: (r: Reading) => Measurement) => (r: Reading) => {
  const m = get(r);
  return { value: m.reading, unit: m.unit };
};
const plain = (get: (r: Reading) => number | string | null) => (r: Reading) => ({ value: get(r), unit: null });

const s = (topic: string, name: string, quantity: QuantityName, read: SensorSpec['read']): SensorSpec => ({ topic, name, quantity, read });

const PHASES = ['L1', 'L2', 'L3'] as const;

/** Every value of a meter's own that p1 publishes on a topic of its own and announces to Home Assistant. */
export const METER_SENSORS: readonly SensorSpec[] = freezeDeep([
  s('electricity/received/tariff1', 'Energy received tariff 1', 'energy', measured((r) => r.electricity.received.tariff1)),
  s('electricity/received/tariff2', 'Energy received tariff 2', 'energy', measured((r) => r.electricity.received.tariff2)),
  s('electricity/delivered/tariff1', 'Energy delivered tariff 1', 'energy', measured((r) => r.electricity.delivered.tariff1)),
  s('electricity/delivered/tariff2', 'Energy delivered tariff 2', 'energy', measured((r) => r.electricity.delivered.tariff2)),
  s('electricity/received/total', 'Energy received total', 'energy', measured((r) => r.electricity.received.total)),
  s('electricity/delivered/total', 'Energy delivered total', 'energy', measured((r) => r.electricity.delivered.total)),
  s('electricity/received/power', 'Power received', 'power', measured((r) => r.electricity.received.actual)),
  s('electricity/delivered/power', 'Power delivered', 'power', measured((r) => r.electricity.delivered.actual)),
  ...PHASES.flatMap((p) => [
    s(`electricity/received/power/${p}`, `Power received ${p}`, 'power', measured((r) => r.electricity.instantaneous.power.positive[p])),
    s(`electricity/delivered/power/${p}`, `Power delivered ${p}`, 'power', measured((r) => r.electricity.instantaneous.power.negative[p])),
    s(`electricity/voltage/${p}`, `Voltage ${p}`, 'voltage', measured((r) => r.electricity.instantaneous.voltage[p])),
    s(`electricity/current/${p}`, `Current ${p}`, 'current', measured((r) => r.electricity.instantaneous.current[p])),
  ]),
  s('electricity/reactive/received/total', 'Reactive energy received', 'reactiveEnergy', measured((r) => r.electricity.reactive.received.total)),
  s('electricity/reactive/delivered/total', 'Reactive energy delivered', 'reactiveEnergy', measured((r) => r.electricity.reactive.delivered.total)),
  s('electricity/reactive/received/power', 'Reactive power received', 'reactivePower', measured((r) => r.electricity.reactive.received.actual)),
  s('electricity/reactive/delivered/power', 'Reactive power delivered', 'reactivePower', measured((r) => r.electricity.reactive.delivered.actual)),
  ...PHASES.flatMap((p) => [
    s(`electricity/reactive/received/power/${p}`, `Reactive power received ${p}`, 'reactivePower', measured((r) => r.electricity.instantaneous.reactivePower.positive[p])),
    s(`electricity/reactive/delivered/power/${p}`, `Reactive power delivered ${p}`, 'reactivePower', measured((r) => r.electricity.instantaneous.reactivePower.negative[p])),
  ]),
  s('electricity/tariff', 'Tariff', 'tariff', plain((r) => (r.electricity.tariffIndicator === null ? null : String(r.electricity.tariffIndicator)))),
  s('electricity/demand/current', 'Demand current quarter-hour', 'power', measured((r) => r.electricity.demand.positiveActiveDemand.currentDemandPeriod)),
  s('electricity/demand/maximum', 'Demand peak this month', 'power', (r) => {
    const m = r.electricity.demand.positiveActiveDemand.maximumDemand;
    return { value: m.reading, unit: m.unit };
  }),
  s('electricity/demand/maximum/time', 'Demand peak this month time', 'timestamp', plain((r) => r.electricity.demand.positiveActiveDemand.maximumDemand.timestamp)),
  s('electricity/power_failures', 'Power failures', 'counter', plain((r) => r.electricity.numberOfPowerFailures)),
  s('electricity/long_power_failures', 'Long power failures', 'counter', plain((r) => r.electricity.numberOfLongPowerFailures)),
  ...PHASES.flatMap((p) => [
    s(`electricity/voltage_sags/${p}`, `Voltage sags ${p}`, 'counter', plain((r) => r.electricity.voltageSags[p])),
    s(`electricity/voltage_swells/${p}`, `Voltage swells ${p}`, 'counter', plain((r) => r.electricity.voltageSwell[p])),
  ]),
  s('text/message', 'Text message', 'text', plain((r) => r.textMessage.message)),
  s('timestamp', 'Telegram time', 'timestamp', plain((r) => r.timestamp)),
]);

/** What an M-Bus device's value is, by its medium (from its device type, never its channel). */
export const MEDIUM_QUANTITIES: Readonly<Partial<Record<MbusMedium, QuantityName>>> = freezeDeep({
  gas: 'gas',
  water: 'water',
  'warm-water': 'water',
  'cold-water': 'water',
  heat: 'heat',
  cooling: 'heat',
  'heat-cooling': 'heat',
});

/** The topic word of a medium: `gas`, `water`, `heat`, or the medium's own name (`warm-water`, `other`). */
export const mediumTopic = (medium: MbusMedium | null): string => medium ?? 'unknown';
