// Sums the vitest JSON reports of every package into the one line CI reads: "N passed, N failed".
// Only reports written after the given start time (epoch ms) count, so stale files from an earlier run do not.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const since = Number(process.argv[2] ?? 0);
const exitCode = Number(process.argv[3] ?? 0);
let passed = 0;
let failed = 0;
for (const group of ['packages', 'apps', 'bench']) {
  if (!existsSync(group)) continue;
  const dirs = group === 'bench' ? ['.'] : readdirSync(group);
  for (const dir of dirs) {
    const file = join(group, dir, 'test-results.json');
    if (!existsSync(file) || statSync(file).mtimeMs < since) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrors ?? 0);
    for (const suite of report.testResults ?? []) if (suite.status === 'failed' && suite.assertionResults?.length === 0) failed++;
  }
}
// A run that failed without a failing test (a crashed suite, a build error) must not look green.
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
