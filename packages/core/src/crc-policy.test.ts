import { describe, expect, it } from 'vitest';
import { FrameDecoder, isP1Error, parseTelegram, PROFILES, TelegramDecoder } from './index.js';
import { ascii, body, seal } from '../test/helpers.js';

const sealed = seal(body('ISk5\\2M550T-1012', ['1-3:0.2.8(50)', '1-0:1.8.1(000001.000*kWh)']));
const wrong = `${sealed.slice(0, sealed.lastIndexOf('!') + 1)}0000\r\n`;

describe('the crc option: one name, one meaning (the CRC policy) on every decoder', () => {
  it('FrameDecoder computes the CRC unless crc is off', () => {
    for (const crc of [undefined, 'strict', 'lenient'] as const) {
      const [result] = new FrameDecoder({ crc }).push(ascii(sealed));
      expect(result, String(crc)).toMatchObject({ type: 'frame', frame: { crc: { valid: true } } });
    }
    const [off] = new FrameDecoder({ crc: 'off' }).push(ascii(wrong));
    expect(off).toMatchObject({ type: 'frame', frame: { crc: null } });
  });

  it('TelegramDecoder: strict reports a mismatch, lenient delivers it flagged, off computes none', () => {
    const decode = (crc: 'strict' | 'lenient' | 'off') => new TelegramDecoder({ crc }).push(ascii(wrong))[0]!;
    const strict = decode('strict');
    expect(strict.type === 'error' && strict.error.code).toBe('crc-mismatch');
    expect(decode('lenient')).toMatchObject({ type: 'telegram', telegram: { crc: { valid: false } } });
    expect(decode('off')).toMatchObject({ type: 'telegram', telegram: { crc: null } });
  });

  it('parseTelegram takes the same policy, lenient by default: a mismatch shows in crc unless strict, off computes none', () => {
    for (const crc of [undefined, 'lenient', 'strict'] as const) expect(parseTelegram(sealed, { crc }).crc).toMatchObject({ valid: true });
    expect(parseTelegram(wrong).crc).toMatchObject({ valid: false });
    expect(parseTelegram(wrong, { crc: 'lenient' }).crc).toMatchObject({ valid: false });
    expect(() => parseTelegram(wrong, { crc: 'strict' })).toThrow(expect.objectContaining({ code: 'crc-mismatch' }));
    expect(parseTelegram(wrong, { crc: 'off' }).crc).toBeNull();
    expect(parseTelegram(sealed, { crc: 'off' }).crc).toBeNull();
  });

  it('every decoder refuses a value that is no policy, with what would be valid', () => {
    for (const make of [
      () => new FrameDecoder({ crc: 'maybe' as 'off' }),
      () => new TelegramDecoder({ crc: true as unknown as 'off' }),
      () => parseTelegram(sealed, { crc: 'maybe' as 'off' }),
    ]) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expect(isP1Error(thrown) && thrown.code).toBe('invalid-option');
      expect((thrown as Error).message).toMatch(/crc must be 'strict', 'lenient' or 'off'/);
    }
  });

  it("a FrameDecoder refuses the checkCrc it no longer takes, naming the crc policy", () => {
    expect(() => new FrameDecoder({ checkCrc: false } as object)).toThrow(expect.objectContaining({ code: 'invalid-option', message: expect.stringMatching(/unknown option "checkCrc".*crc: 'strict' \| 'lenient' \| 'off'/) }));
  });

  it('Profile.hasCrc says whether a standard sends one; Telegram.crc is the check of one telegram', () => {
    expect(Object.values(PROFILES).map((p) => [p.id, p.hasCrc])).toEqual([
      ['dsmr2.2', false],
      ['dsmr3', false],
      ['dsmr4', true],
      ['dsmr5', true],
      ['emucs', true],
      ['se', true],
    ]);
    expect(PROFILES.dsmr5).not.toHaveProperty('crc');
  });
});
