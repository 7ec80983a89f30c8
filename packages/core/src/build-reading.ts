import type { CosemDefinition } from './cosem-catalogue.js';
import type { CosemValue, MbusValue } from './decode-value.js';
import { copyPlain } from './copy-plain.js';
import { mediumOf } from './mbus-medium.js';
import type { GasReading, MbusDevice, MbusMedium, Mutable, MutableReading, Reading } from './reading.js';
import { assembleReading } from './reading-assembly.js';
import { clearLeaves, emptyLeaves, GAS, type Leaves, MBUS, METER_TYPE, NO_DEVICES, NO_GAS } from './reading-shape.js';

/** A reading with every key present and every value null, for `meterType`; yours to fill in (tests, emulators). */
export function emptyReading(meterType: string | null): MutableReading {
  const leaves = emptyLeaves();
  leaves[METER_TYPE] = meterType;
  return copyPlain(assembleReading(leaves)) as MutableReading;
}

/** Collects what a telegram's lines give into a `Reading`: leaves as they come, M-Bus devices by channel. */
export class ReadingBuilder {
  readonly leaves: Leaves;
  /** M-Bus devices as they appear; a telegram has at most a handful, so a list beats a map. */
  private readonly devices: Mutable<MbusDevice>[] = [];
  /** The stand-ins offered for fields (see `CosemDefinition.standIn`): the best one per place, made on the first. */
  private standIns: StandIn[] | undefined;
  /** Media that a device's value code names (`24.2.3`: gas), by channel, for devices that send no device type. */
  private implied: Map<number, MbusMedium> | undefined;

  /** `leaves`: an array to fill, emptied first (the meter's own, reused: a telegram then allocates none). */
  constructor(leaves: Leaves) {
    this.leaves = clearLeaves(leaves);
  }

  /** Takes in one line: its leaf at its place (made once per distinct line, see `Place`), or its M-Bus value. */
  apply(def: CosemDefinition, place: number, leaf: unknown, value: CosemValue, channel: number): void {
    if (place >= 0) {
      if (def.standIn === undefined) this.leaves[place] = leaf;
      else this.offer(place, def.standIn, leaf);
    } else if (def.mbus !== undefined) {
      this.applyMbus(def.mbus, value, channel);
      if (def.medium !== undefined) (this.implied ??= new Map()).set(channel, def.medium);
    }
  }

  /** Keeps a stand-in's leaf when it is not empty and ranks better than the one kept for its place. */
  private offer(place: number, rank: number, leaf: unknown): void {
    if (leaf === null) return;
    const kept = (this.standIns ??= []).find((s) => s.place === place);
    if (kept === undefined) this.standIns.push({ place, rank, leaf });
    else if (rank < kept.rank) {
      kept.rank = rank;
      kept.leaf = leaf;
    }
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

  /** The finished reading, sharing every part that is the same as in `previous`, the meter's last reading. */
  finish(meterType: string | null, previous: Reading | undefined): Reading {
    const devices = this.devices.sort((a, b) => a.channel - b.channel);
    devices.forEach((device, i) => {
      const earlier = previous?.mbus[i];
      // A device type that is sent decides; without one, only a value code that names its medium does (24.2.3).
      if (device.deviceType === null) device.medium = this.implied?.get(device.channel) ?? null;
      else device.medium = earlier !== undefined && earlier.deviceType === device.deviceType ? earlier.medium : mediumOf(device.deviceType);
    });
    const leaves = this.leaves;
    // A stand-in fills its field only where the field's own object gave nothing (absent, or sent empty).
    if (this.standIns !== undefined) for (const s of this.standIns) if (leaves[s.place] === null) leaves[s.place] = s.leaf;
    leaves[METER_TYPE] = meterType;
    leaves[MBUS] = sharedDevices(previous?.mbus, devices);
    leaves[GAS] = gasOf(previous, leaves[MBUS] as readonly MbusDevice[]);
    return assembleReading(leaves, previous);
  }
}

interface StandIn {
  readonly place: number;
  rank: number;
  leaf: unknown;
}

/**
 * Whether an M-Bus channel holds a real device: one with an equipment id, or, without one, one whose value has both
 * a unit and a capture time. An unconfigured slot sends an empty id (read as null), a placeholder stamp and a zero
 * without unit (spec digest quirk 17); a configured device may send a placeholder stamp and a value without unit
 * too (quirk 12: dsmr_parser's `test_gas_timestamp_invalid`), so the id tells them apart where there is one. Where
 * no id is sent (trimmed telegrams: a Fluvius `0-1:24.2.3(240708200459S)(08538.167*m3)` alone), a value with a
 * unit and a real stamp is a measurement, which no unconfigured slot sends. `reading.gas` only ever comes from a
 * configured device.
 */
export function isConfiguredDevice(device: MbusDevice): boolean {
  return device.equipmentId !== null || (device.unit !== null && device.timestamp !== null);
}


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
