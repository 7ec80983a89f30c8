import { SERIAL_8N1_115200 } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { DETECT_CANDIDATES } from './index.js';

describe('DETECT_CANDIDATES', () => {
  it('is frozen all the way down: no caller can change what detect() tries for everyone', () => {
    expect(Object.isFrozen(DETECT_CANDIDATES)).toBe(true);
    for (const candidate of DETECT_CANDIDATES) {
      expect(Object.isFrozen(candidate)).toBe(true);
      expect(Object.isFrozen(candidate.settings)).toBe(true);
    }
    const first = DETECT_CANDIDATES[0] as unknown as { sevenBit: boolean; settings: { baudRate: number } };
    expect(() => (first.sevenBit = true)).toThrow(TypeError);
    expect(() => (first.settings.baudRate = 9600)).toThrow(TypeError);
    expect(() => (DETECT_CANDIDATES as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(SERIAL_8N1_115200.baudRate).toBe(115200);
    expect(DETECT_CANDIDATES.map((c) => c.name)).toEqual(['115200 8N1', '115200 7E1', '9600 7E1']);
  });
});
