import { freezeDeep } from '@p1/core/internal';
import { PROFILES, type Profile, type ProfileId } from '@p1/core';
import { localClock } from './local-time.js';

/** When the cheap night tariff applies in a country, and the code each tariff has there. */
export interface TariffSchedule {
  /** Tariff code of the night / weekend rate. */
  night: 1 | 2;
  /** Tariff code of the day rate. */
  day: 1 | 2;
  /** Local hour the night rate starts on working days. */
  nightFrom: number;
  /** Local hour it ends the next morning. */
  nightUntil: number;
}

/**
 * The meters' clocks, as data. NL: tariff 1 is low, from 23:00 to 07:00 and all weekend (some grids start at 21:00).
 * BE: the codes are reversed, 1 = day and 2 = night, from 22:00 to 07:00 and all weekend (spec digest §4.1).
 * SE: the meter sends only totals, so the split stays inside the emulator; it follows the low-load hours of Swedish
 * time tariffs, 22:00 to 06:00 and weekends. Public holidays, which some grids also bill as night, are left out.
 */
export const TARIFF_SCHEDULES: Readonly<Record<Profile['country'], TariffSchedule>> = freezeDeep({
  NL: { night: 1, day: 2, nightFrom: 23, nightUntil: 7 },
  BE: { night: 2, day: 1, nightFrom: 22, nightUntil: 7 },
  SE: { night: 1, day: 2, nightFrom: 22, nightUntil: 6 },
});

/** The tariff a meter of `profile` applies at `utc` by its local clock. */
export function tariffAt(profile: ProfileId, utc: number): 1 | 2 {
  const schedule = TARIFF_SCHEDULES[PROFILES[profile].country];
  const local = localClock(utc);
  const weekday = local.getUTCDay();
  const hour = local.getUTCHours();
  const night = weekday === 0 || weekday === 6 || hour >= schedule.nightFrom || hour < schedule.nightUntil;
  return night ? schedule.night : schedule.day;
}
