import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemValue, MbusValue } from './decode-value.js';
import { copyPlain } from './copy-plain.js';
import { mediumOf } from './mbus-medium.js';
import type {
  ActiveDemand,
  Demand,
  Electricity,
  Energy,
  GasReading,
  Instantaneous,
  MbusDevice,
  Measurement,
  Mutable,
  MutableReading,
  Phases,
  Reading,
  TextMessage,
} from './reading.js';
import { emptyLeaves, Leaf, type Leaves } from './reading-leaves.js';

/** A reading with every key present and every value null, for `meterType`; yours to fill in (tests, emulators). */
export function emptyReading(meterType: string | null): MutableReading {
  return copyPlain(assembleReading(emptyLeaves(), meterType, [], undefined)) as MutableReading;
}

/** Collects what a telegram's lines give into a `Reading`: leaves as they come, M-Bus devices by channel. */
export class ReadingBuilder {
  readonly leaves: Leaves = emptyLeaves();
  /** M-Bus devices as they appear; a telegram has at most a handful, so a list beats a map. */
  private readonly devices: Mutable<MbusDevice>[] = [];

  /** Takes in one line: its leaf (made once per distinct line, see `Place`), or its M-Bus value. */
  apply(def: CosemDefinition, leaf: unknown, value: CosemValue, channel: number): void {
    if (def.mbus !== undefined) this.applyMbus(def.mbus, value, channel);
    else if (def.place !== undefined) (this.leaves as unknown as unknown[])[def.place.index] = leaf;
  }

  private applyMbus(field: NonNullable<CosemDefinition['mbus']>, value: CosemValue, channel: number): void {
    let device = this.devices.find((d) => d.channel === channel);
    if (device === undefined) {
      device = { channel, deviceType: null, medium: null, equipmentId: null, timestamp: null, reading: null, unit: null, valvePosition: null };
      this.devices.push(device);
    }
    if (field === 'value') {
      const v = value as MbusValue;
      device.timestamp = v.timestamp;
      device.reading = v.reading;
      device.unit = v.unit;
    } else {
      device[field] = value as string | null;
    }
  }

  /** The finished reading, sharing every part that equals the same part of `previous` (the meter's last reading). */
  finish(meterType: string | null, previous: Reading | undefined): Reading {
    const devices = this.devices.sort((a, b) => a.channel - b.channel);
    devices.forEach((device, i) => {
      const before = previous?.mbus[i];
      device.medium = before !== undefined && before.deviceType === device.deviceType ? before.medium : mediumOf(device.deviceType);
    });
    return assembleReading(this.leaves, meterType, devices, previous);
  }
}

/**
 * Whether an M-Bus channel holds a real device: one with an equipment id. An unconfigured slot sends an empty id
 * (read as null), a placeholder stamp and a zero without unit (spec digest quirk 17); a configured device may send
 * a placeholder stamp and a value without unit too (quirk 12: dsmr_parser's `test_gas_timestamp_invalid`), so
 * only the id tells them apart. `reading.gas` only ever comes from a configured device.
 */
export function isConfiguredDevice(device: MbusDevice): boolean {
  return device.equipmentId !== null;
}

// Assembly, bottom up. Each function below returns the previous reading's part when every field of it is the same
// (the same value, or the very same object: unchanged lines give the same leaves), else a new frozen part. So a
// reading only allocates what changed since the meter's last telegram, and many kept readings share the rest.
// Written out per part, like the reading's type, so that every property access stays monomorphic.

/** The reading `leaves`, `meterType` and `devices` (sorted, with media) make; `previous` offers parts to share. */
function assembleReading(l: Leaves, meterType: string | null, devices: readonly MbusDevice[], previous: Reading | undefined): Reading {
  const p = previous;
  const textMessage = text(p?.textMessage, l[Leaf.textCodes], l[Leaf.textMessage]);
  const electricity = assembleElectricity(l, p?.electricity);
  const mbus = sharedDevices(p?.mbus, devices);
  const gas = gasOf(p, mbus);
  const version = l[Leaf.version];
  const timestamp = l[Leaf.timestamp];
  const equipmentId = l[Leaf.equipmentId];
  if (
    p !== undefined &&
    p.meterType === meterType &&
    p.version === version &&
    p.timestamp === timestamp &&
    p.equipmentId === equipmentId &&
    p.textMessage === textMessage &&
    p.electricity === electricity &&
    p.gas === gas &&
    p.mbus === mbus
  ) {
    return p;
  }
  return Object.freeze({ meterType, version, timestamp, equipmentId, textMessage, electricity, gas, mbus });
}

function assembleElectricity(l: Leaves, p: Electricity | undefined): Electricity {
  const received = energy(p?.received, l[Leaf.receivedTariff1], l[Leaf.receivedTariff2], l[Leaf.receivedActual]);
  const delivered = energy(p?.delivered, l[Leaf.deliveredTariff1], l[Leaf.deliveredTariff2], l[Leaf.deliveredActual]);
  const tariffIndicator = l[Leaf.tariffIndicator];
  const threshold = l[Leaf.threshold];
  const fuseThreshold = l[Leaf.fuseThreshold];
  const switchPosition = l[Leaf.switchPosition];
  const numberOfPowerFailures = l[Leaf.powerFailures];
  const numberOfLongPowerFailures = l[Leaf.longPowerFailures];
  const longPowerFailureLog = l[Leaf.powerFailureLog];
  const voltageSags = phases(p?.voltageSags, l[Leaf.sagsL1], l[Leaf.sagsL2], l[Leaf.sagsL3]);
  const voltageSwell = phases(p?.voltageSwell, l[Leaf.swellsL1], l[Leaf.swellsL2], l[Leaf.swellsL3]);
  const instantaneous = assembleInstantaneous(l, p?.instantaneous);
  const demand = assembleDemand(l, p?.demand);
  if (
    p !== undefined &&
    p.received === received &&
    p.delivered === delivered &&
    p.tariffIndicator === tariffIndicator &&
    p.threshold === threshold &&
    p.fuseThreshold === fuseThreshold &&
    p.switchPosition === switchPosition &&
    p.numberOfPowerFailures === numberOfPowerFailures &&
    p.numberOfLongPowerFailures === numberOfLongPowerFailures &&
    p.longPowerFailureLog === longPowerFailureLog &&
    p.voltageSags === voltageSags &&
    p.voltageSwell === voltageSwell &&
    p.instantaneous === instantaneous &&
    p.demand === demand
  ) {
    return p;
  }
  return Object.freeze({
    received,
    delivered,
    tariffIndicator,
    threshold,
    fuseThreshold,
    switchPosition,
    numberOfPowerFailures,
    numberOfLongPowerFailures,
    longPowerFailureLog,
    voltageSags,
    voltageSwell,
    instantaneous,
    demand,
  });
}

function assembleInstantaneous(l: Leaves, p: Instantaneous | undefined): Instantaneous {
  const current = phases(p?.current, l[Leaf.currentL1], l[Leaf.currentL2], l[Leaf.currentL3]);
  const voltage = phases(p?.voltage, l[Leaf.voltageL1], l[Leaf.voltageL2], l[Leaf.voltageL3]);
  const positive = phases(p?.power.positive, l[Leaf.powerReceivedL1], l[Leaf.powerReceivedL2], l[Leaf.powerReceivedL3]);
  const negative = phases(p?.power.negative, l[Leaf.powerDeliveredL1], l[Leaf.powerDeliveredL2], l[Leaf.powerDeliveredL3]);
  if (p !== undefined && p.current === current && p.voltage === voltage && p.power.positive === positive && p.power.negative === negative) {
    return p;
  }
  const power = p !== undefined && p.power.positive === positive && p.power.negative === negative ? p.power : Object.freeze({ positive, negative });
  return Object.freeze({ current, voltage, power });
}

function assembleDemand(l: Leaves, p: Demand | undefined): Demand {
  const positiveActiveDemand = active(p?.positiveActiveDemand, l[Leaf.demandReceivedCurrent], l[Leaf.demandReceivedMaximum]);
  const negativeActiveDemand = active(p?.negativeActiveDemand, l[Leaf.demandDeliveredCurrent], l[Leaf.demandDeliveredMaximum]);
  const maximumDemandLastMonths = l[Leaf.demandHistory];
  if (
    p !== undefined &&
    p.positiveActiveDemand === positiveActiveDemand &&
    p.negativeActiveDemand === negativeActiveDemand &&
    p.maximumDemandLastMonths === maximumDemandLastMonths
  ) {
    return p;
  }
  return Object.freeze({ positiveActiveDemand, negativeActiveDemand, maximumDemandLastMonths });
}

function text(p: TextMessage | undefined, codes: string | null, message: string | null): TextMessage {
  return p !== undefined && p.codes === codes && p.message === message ? p : Object.freeze({ codes, message });
}

function energy(p: Energy | undefined, tariff1: Measurement, tariff2: Measurement, actual: Measurement): Energy {
  return p !== undefined && p.tariff1 === tariff1 && p.tariff2 === tariff2 && p.actual === actual
    ? p
    : Object.freeze({ tariff1, tariff2, actual });
}

function phases<T>(p: Phases<T> | undefined, L1: T, L2: T, L3: T): Phases<T> {
  return p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3 ? p : Object.freeze({ L1, L2, L3 });
}

function active(p: ActiveDemand | undefined, currentDemandPeriod: Measurement, maximumDemand: ActiveDemand['maximumDemand']): ActiveDemand {
  return p !== undefined && p.currentDemandPeriod === currentDemandPeriod && p.maximumDemand === maximumDemand
    ? p
    : Object.freeze({ currentDemandPeriod, maximumDemand });
}

const NO_DEVICES: readonly MbusDevice[] = Object.freeze([]);

/** `devices`, each replaced by the previous reading's device where all its fields are equal. */
function sharedDevices(p: readonly MbusDevice[] | undefined, devices: readonly MbusDevice[]): readonly MbusDevice[] {
  if (devices.length === 0) return NO_DEVICES;
  let same = p !== undefined && p.length === devices.length;
  const shared = devices.map((device, i) => {
    const before = p?.[i];
    if (before !== undefined && sameDevice(before, device)) return before;
    same = false;
    return Object.freeze(device);
  });
  return same ? p! : Object.freeze(shared);
}

function sameDevice(a: MbusDevice, b: MbusDevice): boolean {
  return (
    a.channel === b.channel &&
    a.deviceType === b.deviceType &&
    a.medium === b.medium &&
    a.equipmentId === b.equipmentId &&
    a.timestamp === b.timestamp &&
    a.reading === b.reading &&
    a.unit === b.unit &&
    a.valvePosition === b.valvePosition
  );
}

const NO_GAS: GasReading = Object.freeze({ deviceType: null, equipmentId: null, timestamp: null, reading: null, unit: null, valvePosition: null });

/**
 * `reading.gas`: the first configured gas device, for compatibility with the predecessor. The previous reading's
 * when it came from the very same device object (devices are shared while all their fields stay the same).
 */
function gasOf(previous: Reading | undefined, mbus: readonly MbusDevice[]): GasReading {
  const device = gasDevice(mbus);
  if (device === undefined) return NO_GAS;
  if (previous !== undefined && gasDevice(previous.mbus) === device) return previous.gas;
  const { deviceType, equipmentId, timestamp, reading, unit, valvePosition } = device;
  return Object.freeze({ deviceType, equipmentId, timestamp, reading, unit, valvePosition });
}

function gasDevice(mbus: readonly MbusDevice[]): MbusDevice | undefined {
  for (const device of mbus) if (device.medium === 'gas' && isConfiguredDevice(device)) return device;
  return undefined;
}
