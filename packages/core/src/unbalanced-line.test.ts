import { describe, expect, it } from 'vitest';
import { ParseState, parseTelegram, type Telegram } from './index.js';
import { body, seal } from '../test/helpers.js';

// Values broken over lines are joined while a '(' is open (spec digest §3.4), but never with a line that starts an
// object of its own (`A-B:C.D.E(`): that line before it is damaged, read alone, with an `unbalanced-parentheses` issue.

const parse = (lines: string[], state?: ParseState): Telegram => parseTelegram(seal(body('TST5 METER-1', ['1-3:0.2.8(50)', ...lines])), { state });
const objectsOf = (t: Telegram) => t.objects.filter((o) => o.obis !== '1-3:0.2.8').map((o) => [o.line, o.obis, o.raw]);
const issuesOf = (t: Telegram) => t.issues.map((i) => [i.code, i.obis, i.line]);

interface Case {
  lines: string[];
  objects: (string | number | null)[][];
  issues: (string | number | undefined)[][];
}

const CASES: Record<string, Case> = {
  "glmnet/arduino-dsmr's synthetic lines: two objects": {
    lines: ['1-1:0.2.0((ER12)', '1-1:0.2.8(ER13))', '0-1:24.4.0(1)'],
    objects: [
      [4, '1-1:0.2.0', '1-1:0.2.0((ER12)'],
      [5, '1-1:0.2.8', '1-1:0.2.8(ER13))'],
      [6, '0-1:24.4.0', '0-1:24.4.0(1)'],
    ],
    issues: [['unbalanced-parentheses', '1-1:0.2.0', 4]],
  },
  'an unclosed text message before a register': {
    lines: ['0-0:96.13.0(48656C6C6F', '1-0:1.8.1(000001.000*kWh)'],
    objects: [
      [4, '0-0:96.13.0', '0-0:96.13.0(48656C6C6F'],
      [5, '1-0:1.8.1', '1-0:1.8.1(000001.000*kWh)'],
    ],
    issues: [['unbalanced-parentheses', '0-0:96.13.0', 4]],
  },
  'the next object with a space before its "("': {
    lines: ['0-0:96.13.0(48656C6C6F', '1-0:1.8.1 (000001.000*kWh)'],
    objects: [
      [4, '0-0:96.13.0', '0-0:96.13.0(48656C6C6F'],
      [5, '1-0:1.8.1', '1-0:1.8.1 (000001.000*kWh)'],
    ],
    issues: [['unbalanced-parentheses', '0-0:96.13.0', 4]],
  },
  'an unclosed last line': {
    lines: ['1-0:1.8.1(000001.000*kWh)', '0-0:96.13.0(48656C6C6F'],
    objects: [
      [4, '1-0:1.8.1', '1-0:1.8.1(000001.000*kWh)'],
      [5, '0-0:96.13.0', '0-0:96.13.0(48656C6C6F'],
    ],
    issues: [['unbalanced-parentheses', '0-0:96.13.0', 5]],
  },
  'a hex message over three lines (the spec examples): joined': {
    lines: ['0-0:96.13.0(303132333435363738393A3B3C3D3E3F303132333435363738393A3B', '3C3D3E3F303132333435363738393A3B3C3D3E3F', '303132)', '1-0:1.8.1(000001.000*kWh)'],
    objects: [
      [4, '0-0:96.13.0', '0-0:96.13.0(303132333435363738393A3B3C3D3E3F303132333435363738393A3B\r\n3C3D3E3F303132333435363738393A3B3C3D3E3F\r\n303132)'],
      [7, '1-0:1.8.1', '1-0:1.8.1(000001.000*kWh)'],
    ],
    issues: [],
  },
  'a plain-text message split over lines, a line with ":" and "-" in it: joined': {
    lines: ['0-0:96.13.0(outage 12-05', 'from 10:00 (approx.)', 'to 12:00)', '1-0:1.8.1(000001.000*kWh)'],
    objects: [
      [4, '0-0:96.13.0', '0-0:96.13.0(outage 12-05\r\nfrom 10:00 (approx.)\r\nto 12:00)'],
      [7, '1-0:1.8.1', '1-0:1.8.1(000001.000*kWh)'],
    ],
    issues: [],
  },
  'a DSMR 2.2/3.0 gas value on its own line: joined': {
    lines: ['0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)', '(02345.678)', '1-0:1.8.1(000001.000*kWh)'],
    objects: [
      [4, '0-1:24.3.0', '0-1:24.3.0(231114150000)(08)(60)(1)(0-1:24.2.1)(m3)\r\n(02345.678)'],
      [6, '1-0:1.8.1', '1-0:1.8.1(000001.000*kWh)'],
    ],
    issues: [['no-device-type', undefined, undefined]],
  },
};

describe('a line with an unbalanced "("', () => {
  it.each(Object.entries(CASES))('%s', (_, { lines, objects, issues }) => {
    const state = new ParseState();
    // Alone, and twice through one state (the second time from the memo): the same objects and issues.
    for (const telegram of [parse(lines), parse(lines, state), parse(lines, state)]) {
      expect(objectsOf(telegram)).toEqual(objects);
      expect(issuesOf(telegram)).toEqual(issues);
    }
  });

  it('reads the same line as damaged or as continued, as what follows it says, through one state', () => {
    const state = new ParseState();
    const damaged = ['0-0:96.13.0(48656C6C6F', '1-0:1.8.1(000001.000*kWh)'];
    const continued = ['0-0:96.13.0(48656C6C6F', '20776F726C64)', '1-0:1.8.1(000001.000*kWh)'];
    const messages = [damaged, continued, damaged, damaged, continued].map((lines) => {
      const telegram = parse(lines, state);
      return [telegram.reading.textMessage.message, telegram.issues.map((i) => i.code)];
    });
    expect(messages).toEqual([
      ['Hello', ['unbalanced-parentheses']],
      ['Hello world', []],
      ['Hello', ['unbalanced-parentheses']],
      ['Hello', ['unbalanced-parentheses']],
      ['Hello world', []],
    ]);
  });

  it('loses no value of the line after the damaged one', () => {
    const reading = parse(['0-0:96.13.0(48656C6C6F', '1-0:1.8.1(000001.000*kWh)', '1-0:1.7.0(01.193*kW)']).reading;
    expect(reading.electricity.received.tariff1).toEqual({ reading: 1, unit: 'kWh' });
    expect(reading.electricity.received.actual).toEqual({ reading: 1.193, unit: 'kW' });
    // The damaged line keeps what it sent, its open group up to the line's end.
    expect(reading.textMessage.message).toBe('Hello');
  });

  it('says which line and what happened', () => {
    const [issue] = parse(['1-1:0.2.0((ER12)', '1-1:0.2.8(ER13))']).issues;
    expect(issue!.message).toMatch(/^1-1:0\.2\.0 \(line 4\): a "\(" is not closed/);
  });
});
