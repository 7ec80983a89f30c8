import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as Record<string, unknown>;

describe('@p1/core runs anywhere', () => {
  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  // The tests beside the code run in Node only: they are not part of the package.
  it.each(readdirSync(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')))('%s uses no Node built-in', (file) => {
    const code = readFileSync(join(src, file), 'utf8');
    expect(code).not.toMatch(/from ['"](node:|fs|path|os|events|stream|buffer|util|crypto)['"/]/);
    expect(code).not.toMatch(/\brequire\(|\bBuffer\b|\bprocess\.|\b__dirname\b/);
  });

  it('has one export per concept: index.ts only re-exports', () => {
    const index = readFileSync(join(src, 'index.ts'), 'utf8');
    for (const line of index.split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'))) {
      expect(line).toMatch(/^(export |\s+\w|\s+type |} from )/);
    }
  });
});
