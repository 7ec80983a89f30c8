import type { ParsedArgs } from './command.js';

/** Where one setting may be given: a flag, environment variables, dotted paths in a config file. */
export interface Setting {
  flag?: string;
  env?: readonly string[];
  file?: readonly string[];
}

/** A value found, and where, in the words the user wrote it (`--url`, `INFLUX_URL`, `p1.json: influx.url`). */
export interface Found {
  value: unknown;
  where: string;
}

/** The layers settings come from; the first that has a value wins. */
export interface Layers {
  flags?: ParsedArgs['values'];
  env?: Readonly<Record<string, string | undefined>>;
  /** A config file's values by dotted path. */
  file?: { name: string; values: ReadonlyMap<string, unknown> };
}

/**
 * Every setting of `table` from the layers: flags, then environment, then config file. An empty string in the
 * environment or a file counts as not set (the predecessor's config template ships with `""` everywhere); on the
 * command line it is a value (a bare `--emulator`).
 */
export function gather<K extends string>(table: Readonly<Record<K, Setting>>, layers: Layers): Partial<Record<K, Found>> {
  const out: Partial<Record<K, Found>> = {};
  for (const key of Object.keys(table) as K[]) {
    const setting = table[key];
    const flag = setting.flag === undefined ? undefined : layers.flags?.[setting.flag];
    if (flag !== undefined && flag !== false) {
      out[key] = { value: flag, where: `--${setting.flag}` };
      continue;
    }
    const env = setting.env?.find((name) => (layers.env?.[name] ?? '') !== '');
    if (env !== undefined) {
      out[key] = { value: layers.env![env], where: env };
      continue;
    }
    const path = setting.file?.find((p) => isSet(layers.file?.values.get(p)));
    if (path !== undefined) out[key] = { value: layers.file!.values.get(path), where: `${layers.file!.name}: ${path}` };
  }
  return out;
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== '' && value !== false;
