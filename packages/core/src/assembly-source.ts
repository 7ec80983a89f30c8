import { type Part, READING_TREE } from './reading-shape.js';

/**
 * The source of `reading-assembly.ts`, generated from the reading's tree (`pnpm --filter @p1/core generate`; a test
 * fails when the file is stale). Generated rather than walked at run time: a part built as an object literal, and
 * compared with the previous reading's part property by property, keeps every property access monomorphic, which a
 * loop over keys cannot (measured: a generic walk made the whole parse 20% slower).
 */
export function assemblySource(tree: Part = READING_TREE): string {
  const functions: string[] = [];
  const name = (path: string): string => `assemble${path.replace(/(?:^|\.)(\w)/g, (_, c: string) => c.toUpperCase()) || 'Reading'}`;
  const emit = (part: Part, path: string): string => {
    const fn = name(path);
    const values = part.keys.map((key, i) => {
      const child = part.children[i]!;
      return typeof child === 'number' ? `l[${child}]` : `${emit(child, path === '' ? key : `${path}.${key}`)}(l, p?.${key})`;
    });
    const lets = part.keys.map((key, i) => `  const ${key} = ${values[i]};`).join('\n');
    const same = part.keys.map((key) => `p.${key} === ${key}`).join(' && ');
    const signature = path === '' ? `export function ${fn}(l: readonly any[], p?: Reading): Reading` : `function ${fn}(l: readonly any[], p: any): any`;
    functions.push(
      `${signature} {\n${lets}\n  if (p !== undefined && ${same}) return p;\n` +
        `  return Object.freeze({ ${part.keys.join(', ')} });\n}`,
    );
    return fn;
  };
  emit(tree, '');
  return `// Generated from the reading's tree (reading-shape.ts, from cosem-catalogue.ts) by assembly-source.ts:
// do not edit. Regenerate with \`pnpm --filter @p1/core generate\`.
/* eslint-disable */
import type { Reading } from './reading.js';
import type { Leaves } from './reading-shape.js';

// The reading leaves \`l\` make. Each part is the previous reading's (\`p\`, the meter's last) when all its values are
// the very same, else a new frozen object: a reading only allocates what changed since the meter's last telegram.
${functions.join('\n\n')}
`;
}
