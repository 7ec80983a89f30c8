import { describe, expect, it } from 'vitest';
import { isConfiguredDevice, type MbusDevice, ParseState, parseTelegram, type Telegram } from './index.js';
import { body, seal } from '../test/helpers.js';

// M-Bus devices are classified by their device type (0-n:24.1.0). Without one, only a value code that names its
// medium tells it: 0-n:24.2.3 is the Belgian gas register (spec digest §3.3, §4.1). An m3 value on 24.2.1 or a
// 24.3.0 profile may be gas or water (§3.5: "m3 for gas and water"): unknown, with a `no-device-type` issue.

const parse = (lines: string[], state?: ParseState): Telegram => parseTelegram(seal(body('TST5 METER-1', lines)), { state });
const issueCodes = (t: Telegram) => t.issues.map((i) => i.code).filter((c) => c !== 'placeholder-timestamp');

const FLUVIUS_GAS = '0-1:24.2.3(240708200459S)(08538.167*m3)'; // geduxas/arduino-dsmr's Fluvius telegram, no 24.1.0
const NL_VALUE = '0-1:24.2.1(151110190000W)(00845.206*m3)'; // dsmr-reader issue #92's test, no 24.1.0

interface Case {
  lines: string[];
  medium: MbusDevice['medium'];
  /** `reading.gas.reading`, null when the device is not `gas`. */
  gas: number | null;
  issues: string[];
}

const CASES: Record<string, Case> = {
  '24.2.3 alone, no id line (a trimmed Fluvius telegram): gas': { lines: [FLUVIUS_GAS], medium: 'gas', gas: 8538.167, issues: [] },
  '24.2.3 with a Belgian id, no type: gas': { lines: ['0-1:96.1.1(37464C)', FLUVIUS_GAS], medium: 'gas', gas: 8538.167, issues: [] },
  '24.2.3 with type 007 (eMUCs water on 24.2.3): the type wins': { lines: ['0-1:24.1.0(007)', FLUVIUS_GAS], medium: 'water', gas: null, issues: [] },
  '24.2.3 with type 007 sent after it: the type wins': { lines: [FLUVIUS_GAS, '0-1:24.1.0(007)'], medium: 'water', gas: null, issues: [] },
  '24.2.3 with an unknown type sent: no guess': { lines: ['0-1:24.1.0(099)', FLUVIUS_GAS], medium: null, gas: null, issues: [] },
  '24.2.3 placeholder slot, no id line: gas, but no device': { lines: ['0-1:24.2.3(632525252525S)(00000.000)'], medium: 'gas', gas: null, issues: [] },
  '24.2.3 placeholder slot, empty id: gas, but no device': { lines: ['0-1:96.1.1()', '0-1:24.2.3(632525252525S)(00000.000)'], medium: 'gas', gas: null, issues: [] },
  '24.2.1 in m3 with an id, no type (#92): unknown': {
    lines: ['0-1:96.1.0(098765432109876543210987654321)', NL_VALUE, '0-1:24.4.0(1)'],
    medium: null,
    gas: null,
    issues: ['no-device-type'],
  },
  '24.2.1 in m3 alone (a trimmed Kaifa telegram): unknown': { lines: [NL_VALUE], medium: null, gas: null, issues: ['no-device-type'] },
  '24.2.1 in GJ alone: unknown': { lines: ['0-1:24.2.1(251129193200W)(00003.829*GJ)'], medium: null, gas: null, issues: ['no-device-type'] },
  '24.3.0 profile in m3 (DSMR 2.2/3.0), no type: unknown': {
    lines: ['0-1:96.1.0(3238)', '0-1:24.3.0(120517020000)(08)(60)(1)(0-1:24.2.1)(m3)', '(00124.477)'],
    medium: null,
    gas: null,
    issues: ['no-device-type'],
  },
  '24.2.1 with type 003: gas, as always': { lines: ['0-1:24.1.0(003)', '0-1:96.1.0(3238)', NL_VALUE], medium: 'gas', gas: 845.206, issues: [] },
  'an empty slot without type (empty type and id, placeholder zero): no issue': {
    lines: ['0-1:24.1.0()', '0-1:96.1.0()', '0-1:24.2.1(000101000000W)(00000000.0000)'],
    medium: null,
    gas: null,
    issues: [],
  },
  'an id and a valve but no value: nothing to classify, no issue': { lines: ['0-1:96.1.0(3238)', '0-1:24.4.0(1)'], medium: null, gas: null, issues: [] },
};

describe('M-Bus devices without a device type', () => {
  it.each(Object.entries(CASES))('%s', (_, { lines, medium, gas, issues }) => {
    for (const state of [undefined, new ParseState()]) {
      // Twice through one state: the second telegram reads its lines from the memo.
      for (const telegram of state === undefined ? [parse(lines)] : [parse(lines, state), parse(lines, state)]) {
        expect(telegram.reading.mbus.map((d) => [d.channel, d.medium])).toEqual([[1, medium]]);
        expect(telegram.reading.gas.reading).toBe(gas);
        expect(issueCodes(telegram)).toEqual(issues);
      }
    }
  });

  it('names the channel in the no-device-type issue', () => {
    const issue = parse(['0-3:24.2.1(151110190000W)(00845.206*m3)']).issues[0]!;
    expect(issue).toMatchObject({ code: 'no-device-type' });
    expect(issue.message).toContain('M-Bus channel 3');
    expect(issue.message).toContain('0-3:24.1.0');
  });

  it('follows the device type as it comes and goes from one telegram to the next', () => {
    const state = new ParseState();
    const media = [['0-1:24.1.0(007)', FLUVIUS_GAS], [FLUVIUS_GAS], ['0-1:24.1.0(007)', FLUVIUS_GAS], ['0-1:24.1.0(003)', NL_VALUE], [NL_VALUE]].map(
      (lines) => parse(lines, state).reading.mbus[0]!.medium,
    );
    expect(media).toEqual(['water', 'gas', 'water', 'gas', null]);
  });

  it('keeps gas from 24.2.3 on channel 2 when channel 1 is an empty slot', () => {
    const reading = parse(['0-1:96.1.1()', '0-1:24.2.3(632525252525S)(00000.000)', '0-2:24.2.3(240708200459S)(08538.167*m3)']).reading;
    expect(reading.gas).toEqual({ deviceType: null, equipmentId: null, timestamp: '2024-07-08T18:04:59.000Z', reading: 8538.167, unit: 'm3', valvePosition: null });
  });
});

describe('isConfiguredDevice', () => {
  const device = (fields: Partial<MbusDevice>): MbusDevice => ({
    channel: 1,
    deviceType: null,
    medium: null,
    equipmentId: null,
    timestamp: null,
    reading: null,
    unit: null,
    valvePosition: null,
    ...fields,
  });
  const CONFIGURED: [string, Partial<MbusDevice>, boolean][] = [
    ['an equipment id', { equipmentId: '3238' }, true],
    ['an id, a placeholder stamp and a value without unit (quirk 12)', { equipmentId: '3238', reading: 0 }, true],
    ['no id, a dated value with its unit', { timestamp: '2024-07-08T18:04:59.000Z', reading: 8538.167, unit: 'm3' }, true],
    ['no id, a placeholder stamp and a zero without unit (quirk 17)', { reading: 0 }, false],
    ['no id, a dated zero without unit', { timestamp: '2024-07-08T18:04:59.000Z', reading: 0 }, false],
    ['no id, a value with unit but a placeholder stamp', { reading: 0, unit: 'm3' }, false],
    ['nothing at all', {}, false],
  ];
  it.each(CONFIGURED)('%s: %s', (_, fields, expected) => {
    expect(isConfiguredDevice(device(fields))).toBe(expected);
  });
});
