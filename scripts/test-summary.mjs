// Sums the vitest JSON reports of every workspace package into one line: "N passed, N failed" (", N skipped" when
// any test was skipped). Only reports written after the given start time (epoch ms) count, so stale files from an
// earlier run do not. Run by the root `pnpm test` after turbo, with turbo's exit code, which it exits with.
//   node scripts/test-summary.mjs START_MS EXIT_CODE
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The workspace's package folders (pnpm-workspace.yaml): the children of these, and these themselves. */
const GROUPS = ['packages', 'apps'];
const SINGLES = ['bench', 'fixtures'];

const since = Number(process.argv[2] ?? 0);
const exitCode = Number(process.argv[3] ?? 0);
const dirs = [...GROUPS.flatMap((g) => (existsSync(g) ? readdirSync(g).map((d) => join(g, d)) : [])), ...SINGLES];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of dirs) {
  const file = join(dir, 'test-results.json');
  if (!existsSync(file) || statSync(file).mtimeMs < since) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrors ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) if (suite.status === 'failed' && suite.assertionResults?.length === 0) failed++;
}
// A run that failed without a failing test (a crashed suite, a build error) must not look green.
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = exitCode;
