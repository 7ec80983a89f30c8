// Packs every published package of the workspace (each package.json under packages/ and apps/ that is not private)
// as `pnpm publish` would, into one folder: `node scripts/pack.mjs DIR`. Prints the tarballs' paths.
// For "use it without cloning" before a release, and for the test that installs the tarballs with npm.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dest = resolve(process.argv[2] ?? 'packs');
mkdirSync(dest, { recursive: true });

/** The pnpm that runs this (under `pnpm test`), else the pinned one through npx. */
const pnpm = /pnpm/.test(process.env.npm_execpath ?? '') ? [process.execPath, process.env.npm_execpath] : ['npx', '--yes', 'pnpm@10.34.9'];

for (const dir of ['packages', 'apps'].flatMap((group) => readdirSync(join(root, group)).map((d) => join(root, group, d)))) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private === true) continue;
  const out = execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--reporter=default', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' });
  console.log(out.trim().split('\n').at(-1));
}
