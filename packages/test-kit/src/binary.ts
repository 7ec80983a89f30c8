import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The binary's path on PATH, or an error that names the Debian package to install. */
export function binary(name: string, aptPackage: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not in this directory.
    }
  }
  throw new Error(
    `${name} is not installed: the server tests need a real ${name}. Install the Debian package "${aptPackage}" ` +
      `(apt-get install -y --no-install-recommends ${aptPackage}), or run .ci/run, which installs it.`,
  );
}
