// Tests that run the package in a child process use the built dist: built first if src is newer (vitest globalSetup).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '@p1/test-kit';

export const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');

export default function setup(): void {
  ensureBuilt(PACKAGE);
}
