// Loaded before every test file (vitest setupFiles): once a file's tests are done, no output of any p1 run of that
// file may hold a secret the tests gave it.
import { afterAll, expect } from 'vitest';
import { leakedSecrets } from './run-p1.js';

afterAll(() => {
  expect(leakedSecrets(), 'p1 printed a secret it was given').toEqual([]);
});
