import type { CrcAlgorithm } from './crc16.js';
import { freezeDeep } from './freeze-deep.js';
import type { ProfileId } from './profiles.js';
import { SERIAL_7E1_115200, SERIAL_7E1_9600, SERIAL_8N1_115200, type SerialSettings } from './serial-settings.js';

/** A meter model known to work, with the line settings its P1 port uses. */
export interface MeterModel {
  readonly brand: string;
  readonly model: string;
  /** Where it is installed: NL, BE, LU (Smarty), HU (E.ON), SE. */
  readonly country: 'NL' | 'BE' | 'LU' | 'HU' | 'SE';
  /** The standard version the meter implements, as its documentation names it. */
  readonly standard: string;
  readonly profile: ProfileId;
  /** The start of its identification line, with the '/'. */
  readonly header: string;
  readonly serial: SerialSettings;
  /** The CRC its telegrams carry: `arc` (the standard's) or `x25` (give `crcAlgorithm: 'x25'` to the decoder). */
  readonly crcAlgorithm: CrcAlgorithm;
  /** Whether it encrypts its telegrams (DLMS general-glo-ciphering, AES-128-GCM): then it needs `decryptionKey`. */
  readonly encrypted: boolean;
}

const m = (
  brand: string,
  model: string,
  standard: string,
  profile: ProfileId,
  header: string,
  serial: SerialSettings,
  country: MeterModel['country'] = 'NL',
  { crcAlgorithm = 'arc', encrypted = false }: Partial<Pick<MeterModel, 'crcAlgorithm' | 'encrypted'>> = {},
): MeterModel => ({ brand, model, country, standard, profile, header, serial, crcAlgorithm, encrypted });

/** The predecessor's two meter tables (Dutch DSMR and Belgian eMUCs), as data, and the variants p1 added. */
export const METERS: readonly MeterModel[] = freezeDeep([
  m('Iskra', 'ME 382', '2.2', 'dsmr2.2', '/ISk5\\', SERIAL_7E1_9600),
  m('Iskra', 'MT 382', '2.2', 'dsmr2.2', '/ISk5\\', SERIAL_7E1_9600),
  m('Iskra', 'AM 550', '5.0', 'dsmr5', '/ISk5\\', SERIAL_8N1_115200),
  // The predecessor's table prints this header without '/'; every Kaifa sends '/KFM5'.
  m('Kaifa', 'E0003', '4.0', 'dsmr4', '/KFM5', SERIAL_8N1_115200),
  m('Kaifa', 'E0025', '4.0', 'dsmr4', '/KFM5', SERIAL_8N1_115200),
  m('Kaifa', 'MA105', '4.0 (4.0.5 / 4.0.7)', 'dsmr4', '/KFM5', SERIAL_8N1_115200),
  m('Kaifa', 'MA105C', '4.2.2', 'dsmr4', '/KFM5', SERIAL_8N1_115200),
  m('Kaifa', 'MA304', '4.0 (4.0.5 / 4.0.7)', 'dsmr4', '/KFM5', SERIAL_8N1_115200),
  m('Kaifa', 'MA304C', '4.2.2', 'dsmr4', '/KFM5', SERIAL_8N1_115200),
  m('Kamstrup', '162', '2.2', 'dsmr2.2', '/KMP5', SERIAL_7E1_9600),
  m('Kamstrup', '351', '2.2', 'dsmr2.2', '/KMP5', SERIAL_7E1_9600),
  m('Kamstrup', '382', '2.2', 'dsmr2.2', '/KMP5', SERIAL_7E1_9600),
  m('Landis + Gyr', 'E350 (ZCF100)', '4.0', 'dsmr4', '/XMX5LG', SERIAL_8N1_115200),
  m('Landis + Gyr', 'E350 (ZCF100)', '4.2', 'dsmr4', '/XMX5LG', SERIAL_7E1_115200),
  m('Landis + Gyr', 'E350 (ZCF110)', '4.2', 'dsmr4', '/XMX5LG', SERIAL_8N1_115200),
  m('Landis + Gyr', 'E350 (ZFF100)', '4.0', 'dsmr4', '/XMX5LG', SERIAL_8N1_115200),
  m('Landis + Gyr', 'E350 (ZMF100)', '4.0', 'dsmr4', '/XMX5LG', SERIAL_8N1_115200),
  m('Landis + Gyr', 'E360 (T11142)', '5.0', 'dsmr5', '/XMX5LG', SERIAL_8N1_115200),
  m('Sagemcom', 'T210-D ESMR5', '5.0', 'dsmr5', '/Ene5', SERIAL_8N1_115200),
  m('Siconia (Sagemcom)', 'S211', '5.0', 'emucs', '/FLU5', SERIAL_8N1_115200, 'BE'),
  // Luxembourg's Smarty: a DSMR 4.2 telegram (1-3:0.2.8(42)) inside an AES-128-GCM frame, every 10 s (spec digest §4.2-4.3).
  m('Sagemcom', 'T210-D (Smarty)', 'Smarty P1 1.1.3', 'dsmr4', '/Lux5', SERIAL_8N1_115200, 'LU', { encrypted: true }),
  // E.ON Hungary: DSMR 5 based, sealed with CRC-16/X-25 instead of the standard's CRC-16/ARC.
  m('Holley', 'DTSD545', 'DSMR 5 (E.ON Hungary)', 'dsmr5', '/HLY5', SERIAL_8N1_115200, 'HU', { crcAlgorithm: 'x25' }),
  // Sweden: the Branschrekommendation's P1 ("H1"), DSMR 5's line, a telegram every 10 s. Headers as public captures
  // show them; Kamstrup sends its bare id.
  m('Aidon', '6534', 'Branschrekommendation H1', 'se', '/ADN9 6534', SERIAL_8N1_115200, 'SE'),
  m('Kamstrup', 'Omnipower', 'Branschrekommendation H1', 'se', '/KAM5', SERIAL_8N1_115200, 'SE'),
  m('Landis + Gyr', 'E360 (Sweden)', 'Branschrekommendation H1', 'se', '/LGF5E360', SERIAL_8N1_115200, 'SE'),
]);

/**
 * The catalogue models whose header starts the given identification line (with or without '/'), compared without
 * regard to case in the manufacturer id; narrowed by profile when given. Several models share a header, so the
 * answer is a list, most specific header first.
 */
export function findMeters(header: string, profile?: ProfileId): MeterModel[] {
  const line = (header.startsWith('/') ? header : `/${header}`).toLowerCase();
  return METERS.filter((meter) => line.startsWith(meter.header.toLowerCase()))
    .filter((meter) => profile === undefined || meter.profile === profile)
    .sort((a, b) => b.header.length - a.header.length);
}

/** A model by name (`'AM 550'`, `'am550'`, `'Kaifa MA105C'`), ignoring case, spaces and punctuation. */
export function findMeterByName(name: string): MeterModel | undefined {
  const key = squash(name);
  return METERS.find((meter) => squash(meter.model) === key || squash(`${meter.brand} ${meter.model}`) === key);
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
