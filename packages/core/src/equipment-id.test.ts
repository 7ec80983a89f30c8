import { describe, expect, it } from 'vitest';
import { hashEquipmentId, ParseState, parseTelegram, type Telegram } from './index.js';
import { body, seal } from '../test/helpers.js';

// `reading.equipmentId` is 0-0:96.1.1; meters that send their id on another code (spec digest §4.1, §4.2) fill it
// with that: 0-0:42.0.0 (Luxembourg Smarty, Hungary; the DSMR 2.2 document's id), else 0-0:96.1.0 (Hungary, Ireland).

const parse = (lines: string[], state?: ParseState): Telegram => parseTelegram(seal(body('TST5 METER-1', ['1-3:0.2.8(50)', ...lines])), { state });

// Values from public telegrams: Smarty (ndokter/dsmr_parser), E.ON Hungary (same), an AUX Hungarian meter in plain
// text (p1monitor), the Irish Iskra (`09610`, not hex).
const OWN = '0-0:96.1.1(4530303235303030373334323136393135)';
const LDN = '0-0:42.0.0(53414733303832323030303032313630)';
const SERIAL = '0-0:96.1.0(383930303832323030303032313630)';

const CASES: [string, string[], string | null][] = [
  ['0-0:42.0.0 alone (Smarty), as sent', ['0-0:42.0.0(53414731303330373030303132373031)'], '53414731303330373030303132373031'],
  ['0-0:42.0.0 in plain text (AUX, Wasion), as sent', ['0-0:42.0.0(AUX1030303218166)'], 'AUX1030303218166'],
  ['0-0:96.1.0 alone (Iskra IE), as sent', ['0-0:96.1.0(09610)'], '09610'],
  ['42.0.0 before 96.1.0 (E.ON Hungary)', [LDN, SERIAL], '53414733303832323030303032313630'],
  ['96.1.0 before 42.0.0', [SERIAL, LDN], '53414733303832323030303032313630'],
  ['96.1.1 before 42.0.0', [OWN, LDN], '4530303235303030373334323136393135'],
  ['96.1.1 after 42.0.0 and 96.1.0', [LDN, SERIAL, OWN], '4530303235303030373334323136393135'],
  ['96.1.1 between them', [SERIAL, OWN, LDN], '4530303235303030373334323136393135'],
  ['96.1.1 sent empty: the stand-in', ['0-0:96.1.1()', LDN], '53414733303832323030303032313630'],
  ['42.0.0 sent empty: 96.1.0', ['0-0:42.0.0()', SERIAL], '383930303832323030303032313630'],
  ['all three empty', ['0-0:96.1.1()', '0-0:42.0.0()', '0-0:96.1.0()'], null],
  ['an M-Bus id is no meter id', ['0-1:96.1.0(4730303235303030373334323136393135)', '0-1:24.1.0(003)'], null],
  ['no id line', ['1-0:1.8.1(000001.000*kWh)'], null],
];

describe('reading.equipmentId from the codes meters send it on', () => {
  it.each(CASES)('%s', (_, lines, expected) => {
    expect(parse(lines).reading.equipmentId).toBe(expected);
  });

  it.each(CASES)('%s, the same through a decoder that remembers the previous telegram', (_, lines, expected) => {
    const state = new ParseState();
    // Another telegram first, then this one twice: the memo's reused lines must give the same reading.
    void parse(['0-0:96.1.1(3939)', '0-0:42.0.0(3838)'], state).reading;
    expect(parse(lines, state).reading.equipmentId).toBe(expected);
    expect(parse(lines, state).reading.equipmentId).toBe(expected);
  });

  it('falls back and returns to 96.1.1 as the lines come and go from one telegram to the next', () => {
    const state = new ParseState();
    expect(parse([OWN, LDN], state).reading.equipmentId).toBe('4530303235303030373334323136393135');
    expect(parse([LDN], state).reading.equipmentId).toBe('53414733303832323030303032313630');
    expect(parse([SERIAL], state).reading.equipmentId).toBe('383930303832323030303032313630');
    expect(parse([OWN, LDN], state).reading.equipmentId).toBe('4530303235303030373334323136393135');
  });

  it('keeps each line as its own object, named, with its value as sent', () => {
    const objects = parse([LDN, SERIAL]).objects.filter((o) => o.obis !== '1-3:0.2.8');
    expect(objects.map((o) => [o.obis, o.name, o.value])).toEqual([
      ['0-0:42.0.0', 'logicalDeviceName', '53414733303832323030303032313630'],
      ['0-0:96.1.0', 'deviceId', '383930303832323030303032313630'],
    ]);
  });

  it('gives Smarty and Hungarian meters an id to tell them apart by (hashEquipmentId)', () => {
    const a = parse(['0-0:42.0.0(53414731303330373030303132373031)']).reading;
    const b = parse(['0-0:42.0.0(53414731303330373030303132373032)']).reading;
    expect(hashEquipmentId(a.equipmentId!)).not.toBe(hashEquipmentId(b.equipmentId!));
  });
});
