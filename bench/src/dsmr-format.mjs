// Value formats of P1 telegrams. Numbers are kept as scaled integers (Wh, dm3, decivolt) so that a register never
// drifts by floating-point rounding and the same seed always gives the same digits.

/** An integer, zero-padded to `digits`. */
export function pad(n, digits) {
  return String(n).padStart(digits, '0');
}

/** A scaled integer as fixed-point text: fixed(618332, 6, 3) === '000618.332'. */
export function fixed(scaled, intDigits, decimals) {
  const sign = scaled < 0 ? '-' : '';
  const abs = Math.abs(scaled);
  const unit = 10 ** decimals;
  const int = pad(Math.floor(abs / unit), intDigits);
  return decimals === 0 ? sign + int : `${sign}${int}.${pad(abs % unit, decimals)}`;
}

/** ASCII text as the hex octet string P1 uses for ids and messages. */
export function hexText(text) {
  return Buffer.from(text, 'latin1').toString('hex').toUpperCase();
}

/** Start of EU summer time in `year`: the last Sunday of March, 01:00 UTC (the end is the same in October). */
function lastSundayAt1Utc(year, month) {
  const d = new Date(Date.UTC(year, month + 1, 0, 1));
  return d.getTime() - d.getUTCDay() * 86_400_000;
}

/** Local time in the Netherlands and Belgium: UTC+2 in summer, UTC+1 in winter. */
function localTime(utcMs) {
  const year = new Date(utcMs).getUTCFullYear();
  const summer = utcMs >= lastSundayAt1Utc(year, 2) && utcMs < lastSundayAt1Utc(year, 9);
  return { local: new Date(utcMs + (summer ? 2 : 1) * 3_600_000), summer };
}

/** A P1 time stamp `YYMMDDhhmmssX`, X = 'S' (summer) or 'W' (winter). */
export function p1Stamp(utcMs) {
  const { local: d, summer } = localTime(utcMs);
  return (
    pad(d.getUTCFullYear() % 100, 2) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) +
    (summer ? 'S' : 'W')
  );
}

/** Local hour (0-23) and weekday (0 = Sunday), for the tariff schedule. */
export function localClock(utcMs) {
  const { local } = localTime(utcMs);
  return { hour: local.getUTCHours(), weekday: local.getUTCDay() };
}
