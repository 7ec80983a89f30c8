import { CliError } from './cli-error.js';

/**
 * Imports a workspace package when a command first needs it: `p1 parse` never waits for InfluxDB code, and a package
 * that is missing or not built yet gives a message that says what to do instead of a crash at start.
 */
export async function loadPackage<T>(name: string, neededFor: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new CliError(
        `${neededFor} needs the package ${name}, which is not installed or not built yet. ` +
          `In the p1 repository run: pnpm install && pnpm build (${(error as Error).message})`,
      );
    }
    throw error;
  }
}
