import { formatSerialSettings, PROFILES, SERIAL_7E1_115200, type SerialSettings } from '@p1/core';

/** One way to open a P1 port, with the meters that use it. */
export interface LineChoice {
  id: string;
  label: string;
  settings: SerialSettings;
}

const idOf = (s: SerialSettings): string => formatSerialSettings(s).replace(' ', '-');

/**
 * The line settings P1 meters use, from core's profiles (115200 8N1 for DSMR 4/5 and eMUCs, 9600 7E1 for DSMR
 * 2.2/3.0) plus the 115200 7E1 of some DSMR 4.2 meters: the order detection tries them in, most common first.
 */
export const LINE_CHOICES: readonly LineChoice[] = (() => {
  const byId = new Map<string, { settings: SerialSettings; meters: string[] }>();
  for (const profile of Object.values(PROFILES)) {
    const id = idOf(profile.serial);
    const entry = byId.get(id) ?? { settings: profile.serial, meters: [] };
    entry.meters.push(profile.name.replace(/ \(.*\)$/, ''));
    byId.set(id, entry);
  }
  byId.set(idOf(SERIAL_7E1_115200), { settings: SERIAL_7E1_115200, meters: ['some DSMR 4.2 meters'] });
  const order = (s: SerialSettings): number => -s.baudRate * 10 - s.dataBits;
  return [...byId]
    .sort((a, b) => order(a[1].settings) - order(b[1].settings))
    .map(([id, { settings, meters }]) => ({
      id,
      label: `${formatSerialSettings(settings)} (${meters.join(', ')})`,
      settings,
    }));
})();

/**
 * The Web Serial options for a choice. A large buffer: a telegram must not overflow it while the page is busy. Web
 * Serial opens 7 or 8 data bits, 1 or 2 stop bits and no mark or space parity, which covers every meter's settings
 * (the choices come from core's); anything else is refused rather than opened wrong.
 */
export function serialOptions(settings: SerialSettings): SerialOptions {
  const { baudRate, dataBits, stopBits, parity } = settings;
  if ((dataBits !== 7 && dataBits !== 8) || (stopBits !== 1 && stopBits !== 2) || parity === 'mark' || parity === 'space') {
    throw new RangeError(`Web Serial cannot open a port at ${idOf(settings)}`);
  }
  return { baudRate, dataBits, stopBits, parity, bufferSize: 65_536 };
}
