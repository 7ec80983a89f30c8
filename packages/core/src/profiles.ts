import { freezeDeep } from './freeze-deep.js';
import { SERIAL_7E1_9600, SERIAL_8N1_115200, type SerialSettings } from './serial-settings.js';

export type ProfileId = 'dsmr2.2' | 'dsmr3' | 'dsmr4' | 'dsmr5' | 'emucs' | 'se';

/** What a P1 standard fixes: line settings, CRC, pace, and what its tariffs mean. */
export interface Profile {
  readonly id: ProfileId;
  readonly name: string;
  readonly country: 'NL' | 'BE' | 'SE';
  readonly serial: SerialSettings;
  /** Whether its telegrams end with a CRC (a telegram's own check is `Telegram.crc`). */
  readonly hasCrc: boolean;
  /** Seconds between telegrams. */
  readonly intervalSeconds: number;
  /** What tariff 1 and 2 mean: NL 1 = low (night, weekend), BE 1 = day (spec digest §4.1). */
  readonly tariffs: { readonly 1: string; readonly 2: string };
  /** M-Bus values of this standard: hourly (4.x), every 5 minutes (5.x), the 2.2/3.0 profile form. */
  readonly mbusValueObis: string;
}

const NL_TARIFFS = { 1: 'low', 2: 'normal' };

// Frozen all the way down, as every exported table: a caller who changes `PROFILES.dsmr5.serial` must not change
// the serial settings of other profiles, or how every decoder parses.
export const PROFILES: Readonly<Record<ProfileId, Profile>> = freezeDeep({
  'dsmr2.2': { id: 'dsmr2.2', name: 'DSMR 2.2', country: 'NL', serial: SERIAL_7E1_9600, hasCrc: false, intervalSeconds: 10, tariffs: NL_TARIFFS, mbusValueObis: '0-n:24.3.0' },
  dsmr3: { id: 'dsmr3', name: 'DSMR 3.0', country: 'NL', serial: SERIAL_7E1_9600, hasCrc: false, intervalSeconds: 10, tariffs: NL_TARIFFS, mbusValueObis: '0-n:24.3.0' },
  dsmr4: { id: 'dsmr4', name: 'DSMR 4.0.x-4.2.x', country: 'NL', serial: SERIAL_8N1_115200, hasCrc: true, intervalSeconds: 10, tariffs: NL_TARIFFS, mbusValueObis: '0-n:24.2.1' },
  dsmr5: { id: 'dsmr5', name: 'DSMR 5.x', country: 'NL', serial: SERIAL_8N1_115200, hasCrc: true, intervalSeconds: 1, tariffs: NL_TARIFFS, mbusValueObis: '0-n:24.2.1' },
  emucs: { id: 'emucs', name: 'eMUCs (Belgium) 1.4 / 1.7+', country: 'BE', serial: SERIAL_8N1_115200, hasCrc: true, intervalSeconds: 1, tariffs: { 1: 'day', 2: 'night' }, mbusValueObis: '0-n:24.2.3' },
  // Sweden's P1 (Energiföretagen's Branschrekommendation, the "H1" port): DSMR 5's line and CRC, a telegram every
  // 10 s, no version object, totals (1-0:1.8.0) instead of tariff registers, reactive energy and power, no M-Bus. It
  // sends no tariff indicator, so the tariff names are neutral; the M-Bus form is DSMR 5's, never seen in practice.
  se: { id: 'se', name: 'Sweden (Branschrekommendation H1)', country: 'SE', serial: SERIAL_8N1_115200, hasCrc: true, intervalSeconds: 10, tariffs: { 1: 'tariff 1', 2: 'tariff 2' }, mbusValueObis: '0-n:24.2.1' },
});

/** The facts of a telegram that tell its standard apart. */
export interface ProfileFacts {
  /** `0-0:96.1.4` (BE) or `1-3:0.2.8` (NL, LU) as sent, keyed by OBIS. */
  versions: Partial<Record<'0-0:96.1.4' | '1-3:0.2.8', string>>;
  hasCrc: boolean;
  header: string;
  /**
   * The energy registers the telegram sent: tariff registers (`1-0:1.8.1`, NL, BE, LT), only the register without
   * tariffs (`1-0:1.8.0`, Sweden), or neither. Absent: not known (counts as neither).
   */
  registers?: 'tariffs' | 'total' | 'none';
}

interface DetectionRule {
  readonly profile: ProfileId;
  /** The version object is present (and its value starts with `prefix`, when given). */
  readonly object?: '0-0:96.1.4' | '1-3:0.2.8';
  readonly prefix?: string;
  /** One of these manufacturer ids (the 3 letters after '/', lower case), without regard to case. */
  readonly manufacturers?: readonly string[];
  /** The telegram ends with a CRC (or does not). */
  readonly hasCrc?: boolean;
  /** The energy registers it sent (see `ProfileFacts.registers`). */
  readonly registers?: 'total';
}

/** First match wins (spec digest §6 item 7). */
export const DETECTION_RULES: readonly DetectionRule[] = freezeDeep([
  { profile: 'emucs', object: '0-0:96.1.4' },
  { profile: 'dsmr5', object: '1-3:0.2.8', prefix: '5' },
  { profile: 'dsmr4', object: '1-3:0.2.8', prefix: '4' },
  { profile: 'dsmr3', object: '1-3:0.2.8', prefix: '3' },
  { profile: 'emucs', manufacturers: ['flu'] },
  // A Swedish telegram has neither version object, so nothing in its lines tells it from a versionless DSMR one: its
  // header does. The ids of the meters seen on Swedish grids in public captures: Aidon, Kamstrup (`/KAM5`, where
  // Dutch Kamstrups send `/KMP5`), Landis+Gyr E360 (`/LGF5`; Dutch ones send `/XMX5LG`) and `/ELL5`. A Dutch or
  // Belgian telegram with such a header still has its version object, which the rules above read first.
  { profile: 'se', manufacturers: ['adn', 'kam', 'lgf', 'ell'], hasCrc: true },
  // Another Swedish meter: the Swedish standard has no tariff registers, only `1-0:1.8.0`; every DSMR and eMUCs
  // telegram with energy registers has `1-0:1.8.1`, and Lithuanian ones send both.
  { profile: 'se', registers: 'total', hasCrc: true },
  { profile: 'dsmr2.2', hasCrc: false },
  { profile: 'dsmr4', hasCrc: true },
]);

/** The standard a telegram follows, from its version objects, its header, whether it has a CRC, and its registers. */
export function detectProfile(facts: ProfileFacts): ProfileId {
  const manufacturer = facts.header.slice(0, 3).toLowerCase();
  for (const rule of DETECTION_RULES) {
    if (rule.object !== undefined) {
      const version = facts.versions[rule.object];
      if (version === undefined || !version.startsWith(rule.prefix ?? '')) continue;
    }
    if (rule.manufacturers !== undefined && !rule.manufacturers.includes(manufacturer)) continue;
    if (rule.hasCrc !== undefined && rule.hasCrc !== facts.hasCrc) continue;
    if (rule.registers !== undefined && rule.registers !== facts.registers) continue;
    return rule.profile;
  }
  return 'dsmr4';
}

export function isProfileId(value: unknown): value is ProfileId {
  return typeof value === 'string' && Object.hasOwn(PROFILES, value);
}
