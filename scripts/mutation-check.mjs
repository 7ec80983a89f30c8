#!/usr/bin/env node
// Do the tests fail when the code is wrong? Copies @p1/core (with the fixtures and @p1/emulator, whose round trip
// parses every telegram it makes) to a temp dir, puts one deliberate fault at a time into the copy, runs the suites
// that test core, and prints which tests each fault fails. Every fault must fail at least one test; the script
// exits 1 if one fails none, or if a fault cannot be applied (its anchor is gone: update the fault, never skip it).
// Run by hand (a few minutes), not in CI:
//
//   node scripts/mutation-check.mjs            every fault
//   node scripts/mutation-check.mjs crc unit   only the faults whose id contains one of these words
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The faults: each replaces one small anchor (a string that must occur exactly once, or a regular expression that
 * must match exactly once) in one file of core.
 */
const FAULTS = [
  {
    id: 'parse-throws',
    fault: 'parsing a telegram throws',
    file: 'packages/core/src/parse-content.ts',
    find: /export function parseContent\([^)]*\)[^{]*\{/,
    replace: (found) => `${found}\n  throw new Error('mutation: parse throws');`,
  },
  {
    id: 'crc-off-by-one',
    fault: 'the CRC starts one byte late',
    file: 'packages/core/src/crc16.ts',
    find: 'let crc = 0;\n  let i = start;',
    replace: () => 'let crc = 0;\n  let i = start + 1;',
  },
  {
    id: 'unit-dropped',
    fault: 'measurements lose their unit',
    file: 'packages/core/src/reading-shape.ts',
    find: 'Object.freeze({ reading: value as number, unit })',
    replace: () => 'Object.freeze({ reading: value as number, unit: null })',
  },
  {
    id: 'timestamp-hour-off',
    fault: 'S/W timestamps an hour off',
    file: 'packages/core/src/timestamp.ts',
    find: 'flag === 0x73 ? 2 : 1',
    replace: () => 'flag === 0x73 ? 3 : 2',
  },
  {
    id: 'gas-channel-ignored',
    fault: 'gas only read on M-Bus channel 1',
    file: 'packages/core/src/build-reading.ts',
    find: "device.medium === 'gas' && isConfiguredDevice(device)",
    replace: (found) => `device.channel === 1 && ${found}`,
  },
];

/** The suites that test core, each run in its package of the copy. */
const SUITES = [
  { name: 'core', dir: 'packages/core', args: [] },
  { name: 'emulator round trip', dir: 'packages/emulator', args: ['--config', 'vitest.mutation.config.mjs'] },
];

const only = process.argv.slice(2);
const faults = only.length === 0 ? FAULTS : FAULTS.filter((f) => only.some((word) => f.id.includes(word)));
if (faults.length === 0) fail(`no fault matches ${only.join(', ')}; faults: ${FAULTS.map((f) => f.id).join(', ')}`);

function fail(message) {
  console.error(`mutation-check: ${message}`);
  process.exit(2);
}

/** The copy: core, the emulator (resolving @p1/core to the copy's source) and the fixtures, on the real node_modules. */
function makeCopy() {
  const copy = mkdtempSync(join(tmpdir(), 'p1-mutation-'));
  // The packages' node_modules hold relative links (pnpm's): copied as links, they lead into the copy.
  const keep = (path) => !/(^|[\\/])(dist|\.turbo|\.vite[^\\/]*|test-results\.json)$/.test(path);
  for (const path of ['tsconfig.base.json', 'package.json', 'fixtures', 'packages/core', 'packages/emulator']) {
    cpSync(join(root, path), join(copy, path), { recursive: true, verbatimSymlinks: true, filter: keep });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  writeFileSync(
    join(copy, 'packages/emulator/vitest.mutation.config.mjs'),
    [
      "import { defineConfig } from 'vitest/config';",
      // @p1/core and its subpath entries (`@p1/core/internal`) to the copy's source.
      `const src = ${JSON.stringify(join(copy, 'packages/core/src'))};`,
      "export default defineConfig({ resolve: { alias: [{ find: /^@p1\\/core$/, replacement: `${src}/index.ts` }, { find: /^@p1\\/core\\/(\\w+)$/, replacement: `${src}/$1.ts` }] }, test: { include: ['src/**/round-trip.test.ts', 'test/**/round-trip.test.ts'], testTimeout: 120000 } });",
      '',
    ].join('\n'),
  );
  return copy;
}

/** Runs a suite; returns its test count and the full names of the tests that failed. */
function runSuite(copy, suite) {
  const report = join(copy, `${suite.name.replace(/\W+/g, '-')}.json`);
  rmSync(report, { force: true });
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', ...suite.args, '--reporter=json', `--outputFile=${report}`], {
    cwd: join(copy, suite.dir),
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  if (!existsSync(report)) fail(`${suite.name}: vitest wrote no report (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const failed = json.testResults.flatMap((file) => {
    const broken = file.assertionResults.filter((t) => t.status === 'failed').map((t) => t.fullName);
    // A file that failed to load (a throw at import) fails all its tests: count it as one.
    return broken.length === 0 && file.status === 'failed' ? [`${relative(join(copy, suite.dir), file.name)} (did not load)`] : broken;
  });
  return { total: json.numTotalTests, failed, skipped: json.numPendingTests + json.numTodoTests };
}

/** Applies a fault to the copy; returns the function that takes it out again. */
function apply(copy, fault) {
  const path = join(copy, fault.file);
  const source = readFileSync(path, 'utf8');
  const matches = typeof fault.find === 'string' ? source.split(fault.find).length - 1 : (source.match(new RegExp(fault.find, 'g')) ?? []).length;
  if (matches !== 1) {
    fail(`fault "${fault.id}": its anchor ${String(fault.find)} occurs ${matches} times in ${fault.file}, not once: update the fault`);
  }
  const found = typeof fault.find === 'string' ? fault.find : source.match(fault.find)[0];
  writeFileSync(path, source.replace(found, fault.replace(found)));
  return () => writeFileSync(path, source);
}

const copy = makeCopy();
process.on('exit', () => rmSync(copy, { recursive: true, force: true }));
const rows = [];
try {
  process.stderr.write('baseline (no fault) ... ');
  const baseline = SUITES.map((suite) => runSuite(copy, suite));
  const broken = baseline.flatMap((r) => r.failed);
  if (broken.length > 0) fail(`the suites fail without any fault, fix them first:\n  ${broken.join('\n  ')}`);
  process.stderr.write(`${baseline.map((r, i) => `${SUITES[i].name}: ${r.total} passed`).join(', ')}\n`);
  for (const fault of faults) {
    process.stderr.write(`${fault.id} ... `);
    const undo = apply(copy, fault);
    try {
      const results = SUITES.map((suite) => runSuite(copy, suite));
      const caught = results.reduce((n, r) => n + r.failed.length, 0);
      process.stderr.write(`${caught} failed\n`);
      rows.push({ fault, results, caught });
    } finally {
      undo();
    }
  }
} catch (error) {
  fail(String(error?.stack ?? error));
}

const table = [
  ['fault', 'where', ...SUITES.map((s) => `${s.name}: failed`), 'for example'],
  ...rows.map(({ fault, results }) => [
    fault.fault,
    fault.file.replace('packages/core/src/', 'core/'),
    ...results.map((r) => `${r.failed.length} of ${r.total}`),
    (results.find((r) => r.failed.length > 0)?.failed[0] ?? 'NOTHING FAILED').slice(0, 90),
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table.slice(1)) console.log(line(row));
const missed = rows.filter((r) => r.caught === 0);
console.log(missed.length === 0 ? `every fault (${rows.length}) fails at least one test` : `NOT CAUGHT: ${missed.map((r) => r.fault.id).join(', ')}`);
process.exitCode = missed.length === 0 ? 0 : 1;
