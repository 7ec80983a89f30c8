import { freezeDeep } from '@p1/core/internal';

/**
 * How Home Assistant is told about each kind of value, and the one unit p1 publishes it in. The classes and units
 * are those its Energy dashboard takes: energy `total_increasing` in kWh, gas and water `total_increasing` in `m³`
 * (with the superscript, whatever the meter spells), power `measurement` in kW. See
 * https://www.home-assistant.io/integrations/sensor.mqtt/ and https://www.home-assistant.io/integrations/sensor/#device-class
 */
export interface Quantity {
  deviceClass: string | null;
  stateClass: 'measurement' | 'total_increasing' | null;
  /** The unit published and announced; null for values without one. */
  unit: string | null;
  /**
   * Factors from the units meters send (lower case) to `unit`. A value whose unit is not here is not published: a
   * wrong unit would corrupt the Energy dashboard's history. A value without a unit is taken to be in `unit`.
   */
  from: Readonly<Record<string, number>>;
  /** Diagnostic sensors sit apart in Home Assistant's device page and out of its default dashboards. */
  diagnostic: boolean;
  /** Averaged over a throttle window (a rate now), rather than the latest value (a register, a text). */
  averaged: boolean;
  /** For `enum` sensors: the states allowed. */
  options?: readonly string[];
  /** Decimal places Home Assistant shows. */
  precision?: number;
}

const q = (partial: Partial<Quantity> & Pick<Quantity, 'deviceClass' | 'stateClass' | 'unit'>): Quantity => ({
  from: {},
  diagnostic: false,
  averaged: false,
  ...partial,
});

// Frozen all the way down, as every exported table: a caller's change must not change every publisher's sensors.
export const QUANTITIES = freezeDeep({
  energy: q({ deviceClass: 'energy', stateClass: 'total_increasing', unit: 'kWh', from: { wh: 0.001, kwh: 1, mwh: 1000 }, precision: 3 }),
  power: q({ deviceClass: 'power', stateClass: 'measurement', unit: 'kW', from: { w: 0.001, kw: 1, mw: 1000 }, averaged: true, precision: 3 }),
  /** Reactive power (Sweden, Luxembourg): Home Assistant's reactive_power class, in kvar. */
  reactivePower: q({ deviceClass: 'reactive_power', stateClass: 'measurement', unit: 'kvar', from: { var: 0.001, kvar: 1 }, averaged: true, precision: 3 }),
  /** Reactive energy registers: no class Home Assistant's energy dashboard takes, a growing total in kvarh. */
  reactiveEnergy: q({ deviceClass: null, stateClass: 'total_increasing', unit: 'kvarh', from: { varh: 0.001, kvarh: 1 }, precision: 3 }),
  voltage: q({ deviceClass: 'voltage', stateClass: 'measurement', unit: 'V', from: { v: 1 }, averaged: true, precision: 1 }),
  current: q({ deviceClass: 'current', stateClass: 'measurement', unit: 'A', from: { a: 1 }, averaged: true, precision: 1 }),
  gas: q({ deviceClass: 'gas', stateClass: 'total_increasing', unit: 'm³', from: { m3: 1, 'm³': 1, dm3: 0.001 }, precision: 3 }),
  water: q({ deviceClass: 'water', stateClass: 'total_increasing', unit: 'm³', from: { m3: 1, 'm³': 1, dm3: 0.001, l: 0.001 }, precision: 3 }),
  /** Heat (district heating): energy in GJ, as heat meters count it; Home Assistant's energy class takes GJ. */
  heat: q({ deviceClass: 'energy', stateClass: 'total_increasing', unit: 'GJ', from: { gj: 1, mj: 0.001, kwh: 0.0036, mwh: 3.6 }, precision: 3 }),
  /** An M-Bus device of another medium: its value as sent, no class (Home Assistant then accepts any unit). */
  other: q({ deviceClass: null, stateClass: null, unit: null }),
  tariff: q({ deviceClass: 'enum', stateClass: null, unit: null, options: ['1', '2'], diagnostic: true }),
  counter: q({ deviceClass: null, stateClass: 'total_increasing', unit: null, diagnostic: true }),
  timestamp: q({ deviceClass: 'timestamp', stateClass: null, unit: null, diagnostic: true }),
  text: q({ deviceClass: null, stateClass: null, unit: null, diagnostic: true }),
} as const satisfies Record<string, Quantity>);

export type QuantityName = keyof typeof QUANTITIES;

/** The value in the quantity's unit; null when the meter's unit cannot be converted to it. */
export function normalize(quantity: Quantity, value: number, unit: string | null): number | null {
  if (quantity.unit === null || unit === null || unit === '') return value;
  const factor = quantity.from[unit.toLowerCase()];
  if (factor === undefined) return null;
  // Rounded to the meter's own resolution: 0.123 * 1000 is 123.00000000000001 in binary.
  return factor === 1 ? value : Number((value * factor).toPrecision(12));
}
