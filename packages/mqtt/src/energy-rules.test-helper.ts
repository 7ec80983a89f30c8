/**
 * What Home Assistant's Energy dashboard and sensor platform take, by device class: the state class and the units
 * as Home Assistant spells them (https://www.home-assistant.io/integrations/sensor/#device-class). For the tests.
 */
export const ENERGY_RULES: Readonly<Record<string, { stateClass: string; units: readonly string[] }>> = {
  energy: { stateClass: 'total_increasing', units: ['kWh', 'GJ'] },
  gas: { stateClass: 'total_increasing', units: ['m³'] },
  water: { stateClass: 'total_increasing', units: ['m³'] },
  power: { stateClass: 'measurement', units: ['kW'] },
  voltage: { stateClass: 'measurement', units: ['V'] },
  current: { stateClass: 'measurement', units: ['A'] },
};
