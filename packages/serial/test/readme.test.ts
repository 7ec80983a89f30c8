import { join } from 'node:path';
import { readmeExamples, testReadmeExamples } from '@p1/test-kit';
import { describe, expect, it } from 'vitest';

// The README promises its examples run as they stand: run each `js` block under a `###` heading with node, against
// the built package (`@p1/serial` resolves to this folder by its own name through package.json "exports").
const root = join(import.meta.dirname, '..');
const examples = readmeExamples(root, /^### (.+)\n\n```js\n([\s\S]*?)```/gm);

describe('README examples', () => {
  it('has one for each way in', () => {
    expect(examples.map((e) => e.title)).toEqual(['Emulator mode', 'for await, with an AbortSignal', 'A TCP dongle', 'A Luxembourg Smarty (encrypted)', 'detect()', 'listPorts()']);
  });

  testReadmeExamples(root, examples);
});
