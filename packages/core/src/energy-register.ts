import { convertUnit } from './convert-unit.js';
import type { Energy, Measurement } from './reading.js';

/** A measurement in kWh (Austrian meters send Wh); null for no reading, or a unit that is not energy. */
const kwh = (m: Measurement): number | null => (m.reading === null ? null : convertUnit(m.reading, m.unit, 'kWh'));

/**
 * The meter's energy register in one direction, in kWh: its register without tariffs (`total`, `1-0:1.8.0`) where
 * it sends one (Sweden, Luxembourg), else its two tariff registers added (the Netherlands, Belgium); null when it
 * sends neither. What a dashboard shows as "imported so far".
 */
export function energyRegister(energy: Energy): number | null {
  const total = kwh(energy.total);
  if (total !== null) return total;
  const t1 = kwh(energy.tariff1);
  const t2 = kwh(energy.tariff2);
  return t1 === null && t2 === null ? null : (t1 ?? 0) + (t2 ?? 0);
}
