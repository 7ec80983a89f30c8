import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine } from './decode-line.js';
import { COSEM_OBJECTS, emptyReading, type MutableReading, ParseState, parseTelegram, type Telegram, TelegramDecoder } from './index.js';
import { body, seal } from '../test/helpers.js';

const HEADER = 'TST5 METER-1';

/**
 * Parses and reads at once (telegrams are parsed lazily), with what a decoder remembers in `state`: a test's own,
 * shared by the telegrams it parses one after another. A new state is an empty memo, as for a first telegram.
 */
function parseWith(state: ParseState, lines: string[], header = HEADER): Telegram {
  const telegram = parseTelegram(seal(body(header, lines)), { state });
  void telegram.reading;
  return telegram;
}
const withoutMeterType = (t: Telegram) => ({ ...t.reading, meterType: null });

describe('parseContent: one pass over the lines', () => {
  it('shares a repeated line between telegrams, frozen, and reads a changed one afresh', () => {
    const state = new ParseState();
    const log = '1-0:99.97.0(1)(0-0:96.7.19)(240101000000W)(0000000010*s)';
    const first = parseWith(state, [log, '1-0:1.7.0(01.000*kW)', '1-0:1.8.1(000001.000*kWh)']);
    const second = parseWith(state, [log, '1-0:1.7.0(01.000*kW)', '1-0:1.8.1(000001.001*kWh)']);
    const third = parseWith(state, [log, '1-0:1.7.0(01.000*kW)', '1-0:1.8.1(000001.002*kWh)']);
    // The first telegram keeps its own objects; from the second on, a repeated line is one frozen object.
    expect(second.objects[0]!.toJSON()).toEqual(first.objects[0]!.toJSON());
    expect(third.objects[0]).toBe(second.objects[0]);
    expect(third.objects[1]).toBe(second.objects[1]);
    expect(Object.isFrozen(second.objects[0])).toBe(true);
    expect(Object.isFrozen(second.objects[0]!.value)).toBe(true);
    expect(Object.isFrozen(second.objects[1]!.groups)).toBe(true);
    expect(second.objects[2]).not.toBe(first.objects[2]);
    expect(second.objects[2]!.value).toBe(1.001);
    // The reading shares the parts that did not change with the meter's previous reading, and only those.
    expect(second.reading.electricity.longPowerFailureLog).toBe(first.reading.electricity.longPowerFailureLog);
    expect(second.reading.electricity.received.actual).toBe(first.reading.electricity.received.actual);
    expect(second.reading.electricity.received.tariff1).not.toBe(first.reading.electricity.received.tariff1);
    expect(second.reading.electricity.received).not.toBe(first.reading.electricity.received);
    expect(first.reading.electricity.received.tariff1.reading).toBe(1);
    expect(second.reading.electricity.received.tariff1.reading).toBe(1.001);
  });

  it('keeps what a consumer does to its own objects out of later telegrams', () => {
    const state = new ParseState();
    const lines = ['1-0:1.7.0(01.000*kW)', '0-1:24.2.1(240105115500W)(01234.567*m3)', '1-0:99.97.0(1)(0-0:96.7.19)(240101000000W)(0000000010*s)'];
    const first = parseWith(state, lines);
    // Plain JavaScript can write to a telegram's own, unshared objects; structured values are frozen from the start.
    const writable = first.objects as unknown as { value: unknown; obis: string }[];
    writable[0]!.value = 99;
    writable[0]!.obis = 'changed';
    expect(() => ((first.objects[1]!.value as { reading: number }).reading = 99)).toThrow(TypeError);
    expect(() => ((first.objects[2]!.value as { count: number }).count = 99)).toThrow(TypeError);
    const second = parseWith(state, lines);
    expect(second.objects[0]).toMatchObject({ obis: '1-0:1.7.0', value: 1 });
    expect(Object.isFrozen(second.objects[0])).toBe(true);
    expect(second.reading.electricity.received.actual.reading).toBe(1);
    expect(second.reading.mbus[0]!.reading).toBe(1234.567);
  });

  it('gives back the previous reading itself when a telegram repeats word for word', () => {
    const state = new ParseState();
    const lines = ['1-0:1.8.1(000001.000*kWh)', '0-1:24.1.0(003)', '0-1:96.1.0(4730)', '0-1:24.2.1(240105115500W)(01234.567*m3)'];
    const first = parseWith(state, lines);
    expect(parseWith(state, lines).reading).toBe(first.reading);
  });

  it('reads a one-group line on the fast path exactly as the general decoder does', () => {
    const numberDefs = COSEM_OBJECTS.filter((d) => d.kind === 'number' || d.kind === 'integer');
    const stringDefs = COSEM_OBJECTS.filter((d) => ['string', 'hex-text', 'timestamp'].includes(d.kind));
    const content = fc.oneof(
      fc.stringMatching(/^-?\d{1,8}(\.\d{1,4})?$/),
      fc.stringMatching(/^-?\d{1,6}\.\d{1,3}\*(kWh|kW|V|A|kwh|m3|s|x1)$/),
      fc.stringMatching(/^[0-9A-F]{0,12}$/),
      fc.stringMatching(/^\d{12}[SW]?$/),
      fc.stringMatching(/^[ -'*-~]{0,10}$/),
    );
    fc.assert(
      fc.property(fc.constantFrom(...numberDefs, ...stringDefs), content, (def, value) => {
        const obis = def.obis.replace('-n:', '-1:');
        const line = `${obis}(${value})`;
        const t = parseWith(new ParseState(), [line]);
        const general = decodeLine(line);
        expect(t.objects[0]!.value).toEqual(general.value);
        expect(t.objects[0]!.obis).toBe(general.obis);
        expect(t.objects[0]!.groups).toEqual(general.groups);
        expect(t.issues.map((i) => [i.code, i.message])).toEqual(general.problems.map((p) => [p.code, `${obis} (line 3): ${p.message}`]));
      }),
      { numRuns: 2000 },
    );
  });

  it('sees a change in the middle of a line whose tail is unchanged', () => {
    const state = new ParseState();
    parseWith(state, ['1-0:99.97.0(1)(0-0:96.7.19)(240101000000W)(0000000010*s)']);
    const t = parseWith(state, ['1-0:99.97.0(1)(0-0:96.7.19)(240202000000W)(0000000010*s)']);
    expect(t.reading.electricity.longPowerFailureLog.log[0]!.endOfFailure).toBe('2024-02-01T23:00:00.000Z');
  });

  it('does not reuse a line that gained a continuation line since', () => {
    const state = new ParseState();
    const profile = '0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)';
    void parseTelegram(`${body(HEADER, ['0-1:24.1.0(3)', profile])}\r\n`, { state }).reading;
    const t = parseTelegram(`${body(HEADER, ['0-1:24.1.0(3)', profile, '(00042.000)'])}\r\n`, { state });
    expect(t.reading.mbus[0]!.reading).toBe(42);
  });

  it('stays right when a line appears and shifts the others', () => {
    const state = new ParseState();
    parseWith(state, ['1-0:1.8.1(000001.000*kWh)', '1-0:1.8.2(000002.000*kWh)']);
    const t = parseWith(state, ['0-0:96.13.0(414243)', '1-0:1.8.1(000001.000*kWh)', '1-0:1.8.2(000002.000*kWh)']);
    expect(t.reading.textMessage.message).toBe('ABC');
    expect(t.reading.electricity.received.tariff2.reading).toBe(2);
  });

  it('keeps the readings of interleaved meters apart', () => {
    // One decoder, two meters (by header) taking turns.
    const state = new ParseState();
    for (let i = 0; i < 3; i++) {
      expect(parseWith(state, [`1-0:1.8.1(00000${i}.000*kWh)`], 'TST5 METER-A').reading.electricity.received.tariff1.reading).toBe(i);
      expect(parseWith(state, [`1-0:1.8.1(00001${i}.000*kWh)`], 'TST5 METER-B').reading.electricity.received.tariff1.reading).toBe(10 + i);
    }
  });

  it('gives readings that are frozen all the way down: no consumer can change what another holds', () => {
    const state = new ParseState();
    const lines = ['1-0:99.97.0(1)(0-0:96.7.19)(240101000000W)(0000000010*s)', '1-0:1.8.1(000001.000*kWh)', '0-1:24.1.0(003)'];
    const first = parseWith(state, lines).reading;
    const writable = first as unknown as { electricity: { received: { tariff1: { reading: number } } }; mbus: unknown[] };
    expect(() => (writable.electricity.received.tariff1.reading = 99)).toThrow(TypeError);
    expect(() => writable.mbus.push({})).toThrow(TypeError);
    const log = first.electricity.longPowerFailureLog.log as unknown as { duration: number | null }[];
    expect(() => (log[0]!.duration = 99)).toThrow(TypeError);
    const frozenAllTheWay = (value: unknown): boolean =>
      value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(frozenAllTheWay));
    expect(frozenAllTheWay(first)).toBe(true);
    const empty = parseWith(new ParseState(), []).reading;
    expect(frozenAllTheWay(empty)).toBe(true);
    // emptyReading() is the same shape, but a fresh one to fill in.
    expect(emptyReading(empty.meterType)).toEqual(empty);
    expect(JSON.stringify(emptyReading(empty.meterType))).toBe(JSON.stringify(empty));
    expect(Object.isFrozen(emptyReading(null).electricity.received.tariff1)).toBe(false);
    // A copy is the way to a reading one can change.
    const copy = structuredClone(first) as MutableReading;
    copy.electricity.received.tariff1.reading = 99;
    expect(copy.electricity.received.tariff1.reading).toBe(99);
    expect(parseWith(state, lines).reading.electricity.received.tariff1.reading).toBe(1);
  });

  it('reads any sequence of telegrams as it reads each one alone', () => {
    const variants = [
      ['1-0:1.8.1(000001.000*kWh)', '1-0:1.7.0(01.193*kW)', '0-1:24.1.0(003)', '0-1:24.2.1(240105115500W)(01234.567*m3)'],
      ['1-0:1.8.1(000001.001*kWh)', '1-0:1.7.0(01.193*kW)', '0-1:24.1.0(003)', '0-1:24.2.1(240105120000W)(01234.568*m3)'],
      ['1-0:1.8.1(000001.001*kWh)', '0-0:96.13.0(4142', '43)', '1-0:1.7.0(00.000*kW)', '0-1:24.1.0(003)'],
      ['0-1:24.1.0(3)', '0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)', '(00042.000)', '1-0:1.7.0(00.000*kW)'],
      ['1-0:1.8.1(000001.000*kWh)', 'garbage', '1-0:1.7.0(0x.000*kW)', '0-0:1.0.0(632525252525W)'],
    ];
    fc.assert(
      fc.property(fc.array(fc.nat(variants.length - 1), { minLength: 1, maxLength: 12 }), (sequence) => {
        const state = new ParseState();
        const kept: [Telegram, Telegram][] = [];
        for (const v of sequence) {
          const inSequence = parseWith(state, variants[v]!);
          const alone = parseWith(new ParseState(), variants[v]!);
          expect(withoutMeterType(inSequence)).toEqual(withoutMeterType(alone));
          expect(inSequence.issues).toEqual(alone.issues);
          expect(inSequence.objects.map((o) => o.toJSON())).toEqual(alone.objects.map((o) => o.toJSON()));
          kept.push([inSequence, alone]);
        }
        // Later telegrams share parts with earlier readings; they must never have changed them.
        for (const [inSequence, alone] of kept) expect(withoutMeterType(inSequence)).toEqual(withoutMeterType(alone));
      }),
      { numRuns: 200 },
    );
  });
});

describe('ParseState: what a parser remembers belongs to its decoder', () => {
  const header = 'ISk5\\2M550T-1012';
  const lines = ['1-3:0.2.8(50)', '1-0:99.97.0(1)(0-0:96.7.19)(240101000000W)(0000000010*s)', '1-0:1.8.1(000001.000*kWh)', '0-1:24.1.0(003)'];
  const text = seal(body(header, lines));
  /** Both telegrams of `text + text`, parsed in turn (telegrams are parsed on first use). */
  const decode = (decoder: TelegramDecoder): Telegram[] =>
    [...decoder.push(text + text), ...decoder.end()].map((r) => {
      if (r.type === 'error') return expect.fail(r.error.message);
      void r.telegram.reading;
      return r.telegram;
    });

  it('keeps two decoders in one process apart: neither reuses what the other read', () => {
    const [a1, a2] = decode(new TelegramDecoder());
    const [b1, b2] = decode(new TelegramDecoder());
    // Within a decoder the second telegram reuses the first one's reading and lines...
    expect(a2!.reading).toBe(a1!.reading);
    expect(b2!.reading).toBe(b1!.reading);
    expect(Object.isFrozen(a2!.objects[0])).toBe(true);
    // ...but the second decoder starts from nothing: its first telegram shares no part with the other decoder's.
    expect(b1!.reading).not.toBe(a2!.reading);
    expect(b1!.reading.electricity.longPowerFailureLog).not.toBe(a1!.reading.electricity.longPowerFailureLog);
    expect(b1!.reading.mbus[0]).not.toBe(a1!.reading.mbus[0]);
    b1!.objects.forEach((object, i) => {
      expect(object).not.toBe(a1!.objects[i]);
      expect(object).not.toBe(a2!.objects[i]);
      expect(Object.isFrozen(object)).toBe(false); // a first telegram's own objects, as in a fresh process
    });
    expect(b1!.reading).toEqual(a1!.reading);
  });

  it('lets a consumer of one decoder change its own objects without another decoder seeing it', () => {
    const first = new TelegramDecoder();
    const [own] = decode(first);
    (own!.objects as unknown as { value: unknown }[])[2]!.value = 99;
    const [other] = decode(new TelegramDecoder());
    expect(other!.objects[2]!.value).toBe(1);
    expect(other!.reading.electricity.received.tariff1.reading).toBe(1);
  });

  it('parses each parseTelegram call on its own unless it is given a state to share', () => {
    const alone1 = parseTelegram(text);
    const alone2 = parseTelegram(text);
    expect(alone2.reading).not.toBe(alone1.reading);
    expect(alone2.reading).toEqual(alone1.reading);
    const shared = new ParseState();
    const s1 = parseTelegram(text, { state: shared });
    const s2 = parseTelegram(text, { state: shared });
    expect(s2.reading).toBe(s1.reading);
    expect(s1.reading).not.toBe(alone1.reading);
  });
});

describe('Telegram', () => {
  it('keeps only the reading when the caller opts out of raw and objects', () => {
    const text = seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '0-0:1.0.0(101209113020W)', '1-0:1.8.1(000123.456*kWh)']));
    const full = parseTelegram(text);
    const decoder = new TelegramDecoder({ keepRaw: false, keepObjects: false });
    const [result] = [...decoder.push(text), ...decoder.end()];
    const lean = result!.type === 'telegram' ? result!.telegram : undefined;
    expect(lean?.raw).toBe('');
    expect(lean?.objects).toEqual([]);
    expect(lean?.header).toBe(full.header);
    expect(lean?.crc).toEqual(full.crc);
    expect(lean?.reading).toEqual(full.reading);
    expect(parseTelegram(text, { keepObjects: false }).raw).toBe(text);
    expect(parseTelegram(text, { keepRaw: false }).objects.map((o) => o.toJSON())).toEqual(full.objects.map((o) => o.toJSON()));
  });

  it('serialises every field with JSON.stringify', () => {
    const t = parseWith(new ParseState(), ['1-0:1.8.1(000001.000*kWh)']);
    const json = JSON.parse(JSON.stringify(t)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['crc', 'header', 'issues', 'objects', 'profile', 'raw', 'reading']);
    expect(json.reading).toEqual(JSON.parse(JSON.stringify(t.reading)));
  });

  it('computes its reading once and returns the same object after', () => {
    const t = parseWith(new ParseState(), ['1-0:1.8.1(000001.000*kWh)']);
    expect(t.reading).toBe(t.reading);
    expect(t.objects).toBe(t.objects);
  });
});
