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
  // Editors on Windows save UTF-8 with a byte order mark; JSON.parse refuses it.
  if (text.startsWith('\ufeff')) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may be a password: say where, never what.
    const { offset, key } = jsonErrorAt(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw usageError(`${path} is not valid JSON: line ${line}, column ${column}${key === null ? '' : `, in the value of "${key}"`}`);
  }
  return flattenConfig(json, path);
}

/**
 * Where JSON text goes wrong: the offset of the first character no JSON value can have there, and the key whose
 * value (or member) it is in. A small recursive-descent reader of the JSON grammar, for messages only.
 */
export function jsonErrorAt(text: string): { offset: number; key: string | null } {
  let at = 0;
  const keys: string[] = [];
  const fail = (): never => {
    throw at;
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else fail();
  };
  const string = (): string => {
    if (text[at] !== '"') fail();
    const start = ++at;
    while (at < text.length && text[at] !== '"') {
      if (text.charCodeAt(at) < 0x20) fail();
      at += text[at] === '\\' ? 2 : 1;
    }
    if (at >= text.length) fail();
    return text.slice(start, at++);
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      space();
      if (text[at] === '}') return void at++;
      for (;;) {
        space();
        keys.push(string());
        space();
        if (text[at] !== ':') fail();
        at++;
        value();
        keys.pop();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') return void at++;
        else fail();
      }
    } else if (c === '[') {
      at++;
      space();
      if (text[at] === ']') return void at++;
      for (;;) {
        value();
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') return void at++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
      if (number === null) fail();
      at += number![0].length;
    }
  };
  try {
    value();
    space();
    if (at < text.length) fail();
  } catch {
    // `at` is where it went wrong.
  }
  return { offset: at, key: keys.length === 0 ? null : keys.join('.') };
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
export function checkKnownKeys(file: { name: string; values: ReadonlyMap<string, unknown> }, known: ReadonlySet<string>): void {
  const unknown = [...file.values.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw usageError(`${file.name}: ${unknown.map((key) => `unknown key "${key}": ${suggest(key, known)}`).join('; ')}`);
  }
}
