import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemValue, MbusValue } from './decode-value.js';
import { mediumOf } from './mbus-medium.js';
import type { ActiveDemand, GasReading, MbusDevice, Measurement, Phases, Reading, Threshold } from './reading.js';

const measurement = (): Measurement => ({ reading: null, unit: null });
const threshold = (): Threshold => ({ value: null, unit: null });
const phases = <T>(make: () => T): Phases<T> => ({ L1: make(), L2: make(), L3: make() });
const nothing = (): null => null;
const activeDemand = (): ActiveDemand => ({
  currentDemandPeriod: measurement(),
  maximumDemand: { timestamp: null, reading: null, unit: null },
});

/** A reading with every key present and every value null, for `header` as meter type. */
export function emptyReading(meterType: string | null): Reading {
  return {
    meterType,
    version: null,
    timestamp: null,
    equipmentId: null,
    textMessage: { codes: null, message: null },
    electricity: {
      received: { tariff1: measurement(), tariff2: measurement(), actual: measurement() },
      delivered: { tariff1: measurement(), tariff2: measurement(), actual: measurement() },
      tariffIndicator: null,
      threshold: threshold(),
      fuseThreshold: threshold(),
      switchPosition: null,
      numberOfPowerFailures: null,
      numberOfLongPowerFailures: null,
      longPowerFailureLog: { count: null, log: [] },
      voltageSags: phases(nothing),
      voltageSwell: phases(nothing),
      instantaneous: {
        current: phases(measurement),
        voltage: phases(measurement),
        power: { positive: phases(measurement), negative: phases(measurement) },
      },
      demand: {
        positiveActiveDemand: activeDemand(),
        negativeActiveDemand: activeDemand(),
        maximumDemandLastMonths: { count: null, months: [] },
      },
    },
    gas: emptyGas(),
    mbus: [],
  };
}

function emptyGas(): GasReading {
  return { deviceType: null, equipmentId: null, timestamp: null, reading: null, unit: null, valvePosition: null };
}

/** Collects decoded objects into a `Reading`: plain fields at once, M-Bus devices by channel at the end. */
export class ReadingBuilder {
  readonly reading: Reading;
  /** M-Bus devices as they appear; a telegram has at most a handful, so a list beats a map. */
  private readonly devices: MbusDevice[] = [];

  constructor(meterType: string | null) {
    this.reading = emptyReading(meterType);
  }

  /** Puts one object's value where its definition says; `unit` is the unit sent with a number. */
  apply(def: CosemDefinition, value: CosemValue, unit: string | null, channel: number): void {
    if (def.mbus !== undefined) this.applyMbus(def.mbus, value, channel);
    else def.set?.(this.reading, value, unit ?? (def.kind === 'number' ? (def.units?.[0] ?? null) : null));
  }

  private applyMbus(field: string, value: CosemValue, channel: number): void {
    let device = this.devices.find((d) => d.channel === channel);
    if (device === undefined) {
      device = {
        channel,
        deviceType: null,
        medium: null,
        equipmentId: null,
        timestamp: null,
        reading: null,
        unit: null,
        valvePosition: null,
      };
      this.devices.push(device);
    }
    if (field === 'value') {
      const v = value as MbusValue;
      device.timestamp = v.timestamp;
      device.reading = v.reading;
      device.unit = v.unit;
    } else {
      (device as unknown as Record<string, unknown>)[field] = value;
    }
  }

  /** The finished reading: M-Bus devices by channel, and `gas` from the first configured gas meter. */
  finish(): Reading {
    const mbus = this.devices.sort((a, b) => a.channel - b.channel);
    for (const device of mbus) device.medium = mediumOf(device.deviceType);
    this.reading.mbus = mbus;
    const gas = mbus.find((d) => d.medium === 'gas' && isConfiguredDevice(d));
    if (gas !== undefined) {
      const { deviceType, equipmentId, timestamp, reading, unit, valvePosition } = gas;
      this.reading.gas = { deviceType, equipmentId, timestamp, reading, unit, valvePosition };
    }
    return this.reading;
  }
}

/**
 * Whether an M-Bus channel holds a real device: an unconfigured slot sends an empty id, a placeholder stamp and a
 * zero without unit (spec digest quirk 17). `reading.gas` only ever comes from a configured device.
 */
export function isConfiguredDevice(device: MbusDevice): boolean {
  return device.equipmentId !== null && (device.unit !== null || device.timestamp !== null);
}
