import type { CliIo, ParsedArgs } from './command.js';
import { checkKnownKeys, readConfigFile } from './config-file.js';
import type { Layers, Setting } from './setting-layers.js';
import { resolveSource, sourceSettings, SOURCE_SETTINGS, type SourceSpec } from './source-settings.js';
import { usageError } from './cli-error.js';

/** Every config file path the tables name. */
export const fileKeys = (...tables: Readonly<Record<string, Setting>>[]): string[] => tables.flatMap((t) => Object.values(t).flatMap((s) => s.file ?? []));

/**
 * The settings layers of a service command (flags, environment, the `--config`/`P1_CONFIG` file, whose keys must
 * all be known) and the meter they name; no meter is a usage error.
 */
export async function serviceLayers(args: ParsedArgs, io: CliIo, knownFileKeys: Iterable<string>): Promise<{ layers: Layers; spec: SourceSpec }> {
  const configPath = (args.values.config as string | undefined) ?? io.env.P1_CONFIG;
  const file = configPath ? await readConfigFile(configPath) : undefined;
  if (file !== undefined) checkKnownKeys(file, new Set([...knownFileKeys, ...fileKeys(SOURCE_SETTINGS)]));
  const layers: Layers = { flags: args.values, env: io.env, ...(file && { file }) };
  const spec = resolveSource(sourceSettings(layers), false);
  if (spec === null) {
    throw usageError('no meter to read: give --port PATH, --port tcp://HOST:PORT or --emulator (or P1_PORT, or "source.port" in the config file)');
  }
  return { layers, spec };
}
