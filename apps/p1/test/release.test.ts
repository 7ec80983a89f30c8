// What a user gets from npm: every published package packed as `pnpm publish` would pack it, installed with npm
// (no pnpm, no workspace) into an empty project, then used the way the READMEs say. scripts/pack.mjs packs them,
// as the root README tells users to before a release.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '@p1/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from './fixtures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
}

/** The workspace's published packages: every package.json under packages/ and apps/ that is not private. */
const published = ['packages', 'apps']
  .flatMap((group) => readdirSync(join(ROOT, group)).map((dir) => join(ROOT, group, dir)))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => manifest.private !== true);

/** The subpath entries of the published packages (`@p1/core/internal`, `@p1/emulator/testing`, ...). */
const subpaths = published.flatMap(({ manifest }) =>
  Object.keys(manifest.exports ?? {})
    .filter((key) => key !== '.' && key !== './package.json')
    .map((key) => `${manifest.name}${key.slice(1)}`),
);

/** The first ```js block after `heading` in a README: the test runs what the docs show. */
function example(readme: string, heading: string): string {
  const text = readFileSync(readme, 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(text.slice(text.indexOf(heading)));
  if (block === null) throw new Error(`no js example under "${heading}" in ${readme}`);
  return block[1]!;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const project = tempDir('release');

describe('the packed packages, installed with npm into an empty project', () => {
  beforeAll(() => {
    const packs = join(project, 'packs');
    execFileSync(process.execPath, [join(ROOT, 'scripts/pack.mjs'), packs], { stdio: 'pipe' });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'blank', private: true, type: 'module' }));
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...readdirSync(packs).map((f) => join(packs, f)), 'typescript@5.9.3', '@types/node@20.19.43'],
      { cwd: project, stdio: 'pipe' },
    );
    copyFileSync(fixturePath('dsmr5-iskra-am550-three-phase'), join(project, 'capture.txt'));
  }, 600_000);

  it('every package carries its license, README and metadata', () => {
    for (const { manifest } of published) {
      const installed = join(project, 'node_modules', manifest.name);
      const meta = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8'), manifest.name).toMatch(/^MIT License/);
      expect(readFileSync(join(installed, 'README.md'), 'utf8').length, manifest.name).toBeGreaterThan(500);
      expect(meta, manifest.name).toMatchObject({ license: 'MIT', version: manifest.version });
      expect(meta.repository, manifest.name).toBeTruthy();
      expect(JSON.stringify(meta), manifest.name).not.toContain('workspace:');
    }
  });

  it("runs the core README's first example on a captured file (ESM)", () => {
    writeFileSync(join(project, 'example.mjs'), example(join(ROOT, 'packages/core/README.md'), '## Parse a captured file'));
    const { code, stdout, stderr } = run(process.execPath, ['example.mjs'], project);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^20\d\d-\d\d-\d\dT[\d:.]+Z \d+(\.\d+)? kW (null|\d+(\.\d+)?)$/m);
    expect(stdout.trim().split('\n').at(-1)).toBe('0 problems []');
  });

  it('is required from CommonJS', () => {
    writeFileSync(join(project, 'example.cjs'), "const { parseTelegram } = require('@p1/core');\nconst fs = require('node:fs');\nconsole.log(parseTelegram(fs.readFileSync('capture.txt')).crc.valid);\n");
    const { code, stdout } = run(process.execPath, ['example.cjs'], project);
    expect({ code, stdout: stdout.trim() }).toEqual({ code: 0, stdout: 'true' });
  });

  it('npx p1 --version prints the published version, and npx p1 parse reads a fixture', () => {
    const cli = published.find(({ manifest }) => manifest.name === '@p1/cli')!.manifest;
    expect(run('npx', ['--no-install', 'p1', '--version'], project).stdout.trim()).toBe(cli.version);
    const parsed = run('npx', ['--no-install', 'p1', 'parse', 'capture.txt'], project);
    expect(parsed.code).toBe(0);
    const reading = JSON.parse(parsed.stdout.trim().split('\n')[0]!) as { electricity: { received: { tariff1: { unit: string } } } };
    expect(reading.electricity.received.tariff1.unit).toBe('kWh');
  });

  it('loads every subpath entry from ESM and from CommonJS, sharing its classes with the main entry', () => {
    expect(subpaths).toEqual(expect.arrayContaining(['@p1/core/internal', '@p1/serial/internal', '@p1/emulator/testing', '@p1/emulator/internal']));
    const check = (load: string) =>
      `const names = {};\nfor (const path of ${JSON.stringify(subpaths)}) names[path] = Object.keys(${load}(path)).length;\nconsole.log(JSON.stringify(names));\n`;
    writeFileSync(join(project, 'subpaths.mjs'), check('await import'));
    writeFileSync(
      join(project, 'subpaths.cjs'),
      check('require') +
        // CJS entries share their chunks too: an error thrown by an internal function is the main entry's P1Error.
        "try { require('@p1/serial/internal').resolveSettings({}); } catch (e) { console.log(e instanceof require('@p1/core').P1Error, e.code); }\n",
    );
    for (const file of ['subpaths.mjs', 'subpaths.cjs']) {
      const { code, stdout, stderr } = run(process.execPath, [file], project);
      expect({ file, code, stderr }).toEqual({ file, code: 0, stderr: '' });
      const [names, shared] = stdout.trim().split('\n');
      for (const [path, count] of Object.entries(JSON.parse(names!) as Record<string, number>)) expect(count, `${file} ${path}`).toBeGreaterThan(0);
      if (file.endsWith('.cjs')) expect(shared).toBe('true invalid-option');
    }
  });

  it('type-checks a file importing every package and subpath entry (strict, nodenext, skipLibCheck false)', () => {
    const imports = [...published.filter(({ manifest }) => manifest.name !== '@p1/cli').map(({ manifest }) => manifest.name), ...subpaths].map(
      (name, i) => `import * as p${i} from '${name}';`,
    );
    writeFileSync(
      join(project, 'all.ts'),
      `${imports.join('\n')}\nimport { parseTelegram, type Reading } from '@p1/core';\n` +
        `const reading: Reading = parseTelegram('').reading;\nconsole.log(reading, ${imports.map((_, i) => `p${i}`).join(', ')});\n`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'] },
        files: ['all.ts'],
      }),
    );
    const { code, stdout } = run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', project], project);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });
});
