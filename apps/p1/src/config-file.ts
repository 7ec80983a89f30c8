import { readFile } from 'node:fs/promises';
import { usageError } from './cli-error.js';
import { closestName } from './closest-name.js';

/** Sections of other spellings, read as the one named: p1-reader wrote `influxdb` in places, p1-to-influxdb `influxDb`. */
const SECTION_ALIASES: Readonly<Record<string, string>> = { influxdb: 'influxDb', InfluxDB: 'influxDb' };

/** A config file's values by dotted path (`influx.url`, `p1Reader.port`, `schema`). */
export interface ConfigFile {
  name: string;
  values: Map<string, unknown>;
}

/** A file's JSON as dotted paths: one level of sections, as the config files of p1 and its predecessors have. */
export function flattenConfig(json: unknown, name: string): ConfigFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw usageError(`${name}: the config file must hold a JSON object`);
  const values = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const section = SECTION_ALIASES[key] ?? key;
      for (const [inner, v] of Object.entries(value)) values.set(`${section}.${inner}`, v);
    } else {
      values.set(key, value);
    }
  }
  return { name, values };
}

/** Reads and flattens a config file; a missing file or bad JSON is a usage error that names the file. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw usageError(`cannot read the config file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return flattenConfig(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof SyntaxError) throw usageError(`${path} is not valid JSON: ${error.message}`);
    throw error;
  }
}

/**
 * What an unknown key was likely meant to be: the closest known key, else the keys of its section, else the
 * sections and top-level keys there are (not the whole list: it is long).
 */
function suggest(key: string, known: ReadonlySet<string>): string {
  const guess = closestName(key, known);
  if (guess !== undefined) return `did you mean "${guess}"?`;
  const section = key.includes('.') ? key.slice(0, key.indexOf('.') + 1) : null;
  const siblings = section === null ? [] : [...known].filter((k) => k.startsWith(section)).map((k) => k.slice(section.length));
  if (section !== null && siblings.length > 0) return `"${section.slice(0, -1)}" holds ${siblings.join(', ')}`;
  const groups = new Set([...known].map((k) => (k.includes('.') ? `${k.slice(0, k.indexOf('.'))}.*` : k)));
  return `known: ${[...groups].join(', ')}`;
}

/** Throws a usage error for a key no table knows, naming it and what it was likely meant to be. */
export function checkKnownKeys(file: ConfigFile, known: ReadonlySet<string>): void {
  const unknown = [...file.values.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw usageError(`${file.name}: ${unknown.map((key) => `unknown key "${key}": ${suggest(key, known)}`).join('; ')}`);
  }
}
