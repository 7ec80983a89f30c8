import { unfrozenPaths } from '@p1/test-kit';
import { describe, expect, it } from 'vitest';
import { SCHEMAS } from './index.js';

describe('SCHEMAS', () => {
  it('is frozen all the way down: no caller can change the points every writer makes', () => {
    expect(unfrozenPaths(SCHEMAS, 'SCHEMAS')).toEqual([]);
    const full = SCHEMAS.full as unknown as { series: { measurement: string; fields: unknown[] }[] };
    expect(() => (full.series[0]!.measurement = 'changed')).toThrow(TypeError);
    expect(() => full.series[0]!.fields.pop()).toThrow(TypeError);
    expect(() => ((SCHEMAS as unknown as Record<string, unknown>).full = null)).toThrow(TypeError);
  });
});
