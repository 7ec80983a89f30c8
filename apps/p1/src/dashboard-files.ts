import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CliError } from './cli-error.js';

/** One file of the dashboard, ready to send. */
export interface DashboardFile {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
  /** Vite names its assets by their content's hash: those can be cached for good. */
  immutable: boolean;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.map', '.svg', '.json', '.txt']);

/**
 * Where the built dashboard is: `dist/web` beside the built command (the build copies it there, so an installed
 * @p1/cli carries it), else @p1/web's own dist in the workspace (for tests of the source).
 */
export function dashboardDir(): string {
  const shipped = fileURLToPath(new URL('./web', import.meta.url));
  if (existsSync(join(shipped, 'index.html'))) return shipped;
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@p1/web/package.json')), 'dist');
  } catch {
    throw new CliError('p1 serve needs the dashboard, which is not built. In the p1 repository run: pnpm install && pnpm build');
  }
}

/**
 * The dashboard's files, read once into memory by URL path (`/`, `/assets/index-1a2b.js`): a small set (about
 * 150 kB), so no request ever touches the disk and no path from a request is ever joined onto a directory.
 */
export async function loadDashboard(dir: string = dashboardDir()): Promise<Map<string, DashboardFile>> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    names = [];
  }
  if (!names.some((n) => n.endsWith(`${sep}index.html`))) {
    throw new CliError(`the dashboard is not built (no index.html in ${dir}). In the p1 repository run: pnpm build`);
  }
  const files = new Map<string, DashboardFile>();
  for (const name of names) {
    const ext = extname(name);
    const body = await readFile(name);
    const path = `/${relative(dir, name).split(sep).join('/')}`;
    files.set(path, {
      body,
      gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
      type: TYPES[ext] ?? 'application/octet-stream',
      immutable: path.startsWith('/assets/'),
    });
  }
  files.set('/', files.get('/index.html')!);
  return files;
}
