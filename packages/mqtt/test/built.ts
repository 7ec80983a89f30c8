// The last-will test runs the built package in a child process: build it first if src is newer (vitest globalSetup).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '@p1/test-kit';

export default function setup(): void {
  ensureBuilt(join(dirname(fileURLToPath(import.meta.url)), '..'));
}
