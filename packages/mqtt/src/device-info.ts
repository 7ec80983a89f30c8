import { decodeHexText, findMeters, PROFILES, type MbusDevice, type ProfileId, type Reading } from '@p1/core';

/** Home Assistant's `device` block of a discovery config. */
export interface DeviceInfo {
  identifiers: string[];
  name: string;
  manufacturer?: string;
  model?: string;
  sw_version?: string;
  serial_number?: string;
  via_device?: string;
}

/** `DSMR 5.0` for a Dutch version (`50`); the standard's name with the version as sent otherwise (eMUCs `50217`). */
function softwareVersion(version: string | null, standard: string | undefined): string | undefined {
  if (version !== null && /^\d\d$/.test(version)) return `DSMR ${version[0]}.${version[1]}`;
  if (version === null) return standard;
  return standard === undefined ? version : `${standard} (${version})`;
}

/**
 * The meter as a Home Assistant device: manufacturer and model from core's meter catalogue (by the identification
 * line, narrowed by the standard), the standard's version as `sw_version`. Several models share a header: then the
 * model is the identification line itself. The serial number only when ids are not hidden.
 */
export function meterDevice(reading: Reading, node: string, profile: ProfileId | undefined, showSerial: boolean): DeviceInfo {
  const models = reading.meterType === null ? [] : findMeters(reading.meterType, profile);
  const brands = new Set(models.map((m) => m.brand));
  const standard = profile === undefined ? (models[0] && new Set(models.map((m) => m.profile)).size === 1 ? PROFILES[models[0].profile].name : undefined) : PROFILES[profile].name;
  const device: DeviceInfo = { identifiers: [node], name: 'Electricity meter' };
  if (brands.size === 1) device.manufacturer = [...brands][0]!;
  if (models.length === 1) device.model = models[0]!.model;
  else if (reading.meterType !== null) device.model = reading.meterType;
  const sw = softwareVersion(reading.version, standard);
  if (sw !== undefined) device.sw_version = sw;
  if (showSerial && reading.equipmentId !== null) device.serial_number = decodeHexText(reading.equipmentId) ?? reading.equipmentId;
  return device;
}

/** An M-Bus device (gas, water, heat meter) as a Home Assistant device, reached through the electricity meter. */
export function mbusDevice(device: MbusDevice, node: string, showSerial: boolean): DeviceInfo {
  const medium = device.medium ?? 'M-Bus';
  const info: DeviceInfo = {
    identifiers: [`${node}_mbus${device.channel}`],
    name: `${medium[0]!.toUpperCase()}${medium.slice(1).replace('-', ' ')} meter`,
    model: `M-Bus device type ${device.deviceType ?? '?'} on channel ${device.channel}`,
    via_device: node,
  };
  if (showSerial && device.equipmentId !== null) info.serial_number = decodeHexText(device.equipmentId) ?? device.equipmentId;
  return info;
}
