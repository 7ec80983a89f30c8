import { emptyReading, type MbusDevice, type Reading } from '@p1/core';
import type { MeterState } from './meter-state.js';
import { isSentBy, linesSent, TELEGRAM_LAYOUTS, type LayoutId } from './telegram-layouts.js';

/**
 * The `Reading` a correct parser makes of `renderTelegram(state, profile)`: the state's values rounded to the
 * standard's formats, `null` for what the standard does not carry. What the round-trip tests compare against.
 *
 * One limit of DSMR 2.2/3.0 stays a limit here: their 12-digit M-Bus stamps cannot tell the two 02:00-03:00 hours
 * of the autumn change apart; this gives the instant the meter meant, a parser has to guess (and says so).
 */
export function expectedReading(state: MeterState, profile: LayoutId = state.config.layout): Reading {
  const reading = emptyReading(state.config.header);
  for (const line of linesSent(state.config, profile)) {
    if (line.target !== undefined && line.expect !== undefined) setPath(reading, line.target, line.expect(state));
  }
  reading.mbus = [...state.mbus]
    .sort((a, b) => a.channel - b.channel)
    .map((device) => {
      const expected: MbusDevice = {
        channel: device.channel,
        deviceType: null,
        medium: device.medium,
        equipmentId: null,
        timestamp: null,
        reading: null,
        unit: null,
        valvePosition: null,
      };
      for (const line of TELEGRAM_LAYOUTS[profile].mbus) if (isSentBy(line, device)) Object.assign(expected, line.expect(device));
      return expected;
    });
  const gas = reading.mbus.find((d) => d.medium === 'gas');
  if (gas !== undefined) {
    const { deviceType, equipmentId, timestamp, reading: value, unit, valvePosition } = gas;
    reading.gas = { deviceType, equipmentId, timestamp, reading: value, unit, valvePosition };
  }
  return reading;
}

function setPath(target: object, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}
