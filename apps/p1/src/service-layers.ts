import type { CliIo, ParsedArgs } from './command.js';
import { checkKnownKeys } from './config-file.js';
import type { Layers, Setting } from './setting-layers.js';
import { resolveSource, sourceLayers, sourceSettings, SOURCE_SETTINGS, type SourceSpec } from './source-settings.js';
import { usageError } from './cli-error.js';

/** Every config file path the tables name. */
export const fileKeys = (...tables: Readonly<Record<string, Setting>>[]): string[] => tables.flatMap((t) => Object.values(t).flatMap((s) => s.file ?? []));

/**
 * The settings layers of a command (flags, environment, the `--config`/`P1_CONFIG` file), with every key of the
 * file checked against the source's and `knownFileKeys`.
 */
export async function checkedLayers(args: ParsedArgs, io: CliIo, knownFileKeys: Iterable<string>): Promise<Layers> {
  const layers = await sourceLayers(args.values, io.env);
  if (layers.file !== undefined) checkKnownKeys(layers.file, new Set([...knownFileKeys, ...fileKeys(SOURCE_SETTINGS)]));
  return layers;
}

/** The meter the layers name; none is a usage error (a service needs one, the emulator only when asked). */
export function meterOf(layers: Layers): SourceSpec {
  const spec = resolveSource(sourceSettings(layers), false);
  if (spec === null) {
    throw usageError('no meter to read: give --port PATH, --port tcp://HOST:PORT or --emulator (or P1_PORT, or "source.port" in the config file)');
  }
  return spec;
}

/** The checked settings layers of a service command and the meter they name. */
export async function serviceLayers(args: ParsedArgs, io: CliIo, knownFileKeys: Iterable<string>): Promise<{ layers: Layers; spec: SourceSpec }> {
  const layers = await checkedLayers(args, io, knownFileKeys);
  return { layers, spec: meterOf(layers) };
}
