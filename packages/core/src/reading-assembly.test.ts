import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemblySource } from './assembly-source.js';

const FILE = new URL('./reading-assembly.ts', import.meta.url);

describe('reading-assembly.ts', () => {
  it('is the one the reading tree generates (pnpm --filter @p1/core generate)', () => {
    const source = assemblySource();
    if (process.env.P1_GENERATE === '1') writeFileSync(FILE, source);
    expect(readFileSync(FILE, 'utf8')).toBe(source);
  });
});
