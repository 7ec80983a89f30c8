import { homedir } from 'node:os';
import { join } from 'node:path';
import type { InfluxTarget, Thinning } from '@p1/influx';
import { usageError } from './cli-error.js';
import type { OptionTable } from './command.js';
import { parseNumber } from './parse-number.js';
import type { Found, Setting } from './setting-layers.js';
import { redactUrl, urlCredentials } from './url-credentials.js';

/**
 * Where each setting of `p1 influx` may be given. The file paths include the predecessor's (p1-to-influxdb)
 * `influxDb` section and its oldest, flat form (`host`, `port`, `database` at the top).
 */
export const INFLUX_SETTINGS = {
  url: { flag: 'url', env: ['INFLUX_URL'], file: ['influx.url'] },
  host: { env: ['INFLUX_HOST'], file: ['influxDb.host', 'host'] },
  protocol: { file: ['influxDb.protocol', 'protocol'] },
  influxPort: { env: ['INFLUX_PORT'], file: ['influxDb.port', 'port'] },
  version: { flag: 'influx-version', env: ['INFLUX_VERSION'], file: ['influx.version'] },
  database: { flag: 'database', env: ['INFLUX_DATABASE', 'INFLUX_DB'], file: ['influx.database', 'influxDb.database', 'database'] },
  retentionPolicy: { flag: 'retention-policy', env: ['INFLUX_RETENTION_POLICY'], file: ['influx.retentionPolicy'] },
  username: { flag: 'username', env: ['INFLUX_USERNAME'], file: ['influx.username', 'influxDb.username', 'username'] },
  password: { env: ['INFLUX_PASSWORD'], file: ['influx.password', 'influxDb.password', 'password'] },
  org: { flag: 'org', env: ['INFLUX_ORG'], file: ['influx.org'] },
  bucket: { flag: 'bucket', env: ['INFLUX_BUCKET'], file: ['influx.bucket'] },
  token: { env: ['INFLUX_TOKEN'], file: ['influx.token'] },
  schema: { flag: 'schema', env: ['P1_SCHEMA'], file: ['schema'] },
  measurement: { file: ['influxDb.measurementName'] },
  spoolDir: { flag: 'spool', env: ['P1_SPOOL_DIR'], file: ['spoolDir'] },
  every: { flag: 'every', file: ['thinning.every'] },
  average: { flag: 'average', file: ['thinning.average'] },
  hashIds: { flag: 'hash-ids', env: ['P1_HASH_IDS'], file: ['hashEquipmentId'] },
  statusEvery: { flag: 'status-every', file: ['statusEvery'] },
} as const satisfies Record<string, Setting>;

export type InfluxSettingKey = keyof typeof INFLUX_SETTINGS;

/** Keys the predecessor's config files have that mean nothing here, with the reason `p1 influx` logs. */
export const IGNORED_FILE_KEYS: Readonly<Record<string, string>> = {
  'cache.maxLength': 'the on-disk spool replaces the in-memory cache; its bound is 256 MiB',
  'cache.retryBatchSize': 'the spool sends in batches of up to 5000 points on its own',
  'p1Reader.debug': '`p1 watch --json` shows every reading',
  'serialPort.debug': '`p1 watch --json` shows every reading',
  debug: '`p1 watch --json` shows every reading',
};

/** Paths that only the predecessor's files have: with any of them, its `p1-to-influxdb` schema is the default. */
const LEGACY_PATHS = /^(influxDb\.|p1Reader\.|host$|protocol$|port$|database$|username$|password$)/;

/** The flags of `p1 influx` beyond the source flags. Secrets have none: a command line is visible to every user. */
export const INFLUX_OPTIONS: OptionTable = {
  config: { type: 'string', short: 'c', value: 'FILE', help: 'a JSON config file (env P1_CONFIG); p1-to-influxdb\'s config.json works' },
  url: { type: 'string', value: 'URL', help: 'InfluxDB, e.g. http://localhost:8086 (env INFLUX_URL; default http://localhost:8086)' },
  'influx-version': { type: 'string', value: '1|2|3', help: 'the API: 1 /write, 2 /api/v2/write, 3 /api/v3/write_lp (env INFLUX_VERSION;\ndefault 2 when an org, bucket or token is given, else 1)' },
  database: { type: 'string', value: 'NAME', help: '1.x and 3.x: the database (env INFLUX_DATABASE)' },
  'retention-policy': { type: 'string', value: 'NAME', help: '1.x: the retention policy (env INFLUX_RETENTION_POLICY)' },
  username: { type: 'string', value: 'NAME', help: '1.x: user (env INFLUX_USERNAME; the password only as env INFLUX_PASSWORD)' },
  org: { type: 'string', value: 'NAME', help: '2.x: organisation (env INFLUX_ORG; the token only as env INFLUX_TOKEN)' },
  bucket: { type: 'string', value: 'NAME', help: '2.x: bucket (env INFLUX_BUCKET)' },
  schema: { type: 'string', value: 'full|p1-to-influxdb', help: 'what is written (env P1_SCHEMA; default full, or p1-to-influxdb with\nthe predecessor\'s config file)' },
  spool: { type: 'string', value: 'DIR', help: 'the durable spool (env P1_SPOOL_DIR; default $STATE_DIRECTORY/spool under\nsystemd, else ~/.local/state/p1/spool)' },
  every: { type: 'string', value: 'N', help: 'write every N-th telegram only' },
  average: { type: 'string', value: 'S', help: 'write one point per S seconds: power, voltage and current averaged, registers from the last telegram' },
  'hash-ids': { type: 'boolean', help: 'tag equipment ids by a SHA-256 hash instead of as sent' },
  'status-every': { type: 'string', value: 'S', help: 'seconds between status lines (default 60)' },
  'flush-timeout': { type: 'string', value: 'S', help: 'seconds a stop may take to send what is spooled (default 10); the rest\nstays in the spool for the next start' },
  count: { type: 'string', short: 'n', value: 'N', help: 'stop after N readings' },
};

/** What `p1 influx` runs with, resolved and checked. */
export interface InfluxServiceSettings {
  target: InfluxTarget;
  schema: string;
  /** A measurement name other than the schema's own (p1-to-influxdb's `measurementName`). */
  measurement: string | null;
  spoolDir: string;
  thinning: Thinning | undefined;
  hashEquipmentId: boolean;
  statusEveryMs: number;
}

const text = (f: Found | undefined): string | undefined => (f === undefined ? undefined : String(f.value));

/**
 * Checks the settings found and makes the InfluxDB target; a missing or wrong one is a usage error that says which
 * flag, variable or key to set. `legacy` says whether a predecessor's config file was read.
 */
export function resolveInfluxSettings(
  settingsFound: Partial<Record<InfluxSettingKey, Found>>,
  options: { legacy: boolean; env: Readonly<Record<string, string | undefined>> },
): InfluxServiceSettings {
  let found = settingsFound;
  // Credentials in the URL (`http://user:pass@host`, `?u=..&p=..`, `?token=..`) are used, in headers, and never shown.
  const given = urlCredentials(found.url === undefined ? legacyUrl(found) : text(found.url)!);
  const url = given.url;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw usageError(`${found.url?.where ?? 'the InfluxDB address'} must be an http:// or https:// URL, got "${redactUrl(url)}"`);
  }
  const fromUrl = (key: 'username' | 'password' | 'token', value: string | undefined): void => {
    if (found[key] === undefined && value !== undefined) found = { ...found, [key]: { value, where: `${found.url?.where ?? 'the URL'} (${key})` } };
  };
  fromUrl('username', given.username);
  fromUrl('password', given.password);
  fromUrl('token', given.token);
  const version = found.version === undefined ? (found.org ?? found.bucket ?? found.token ? 2 : 1) : Number(found.version.value);
  if (version !== 1 && version !== 2 && version !== 3) throw usageError(`${found.version!.where} must be 1, 2 or 3, got "${text(found.version)}"`);

  const need = (key: 'database' | 'org' | 'bucket', flag: string, env: string, file: string): string => {
    const value = text(found[key]);
    if (value === undefined) {
      throw usageError(`no InfluxDB ${key} for InfluxDB ${version}.x: give --${flag} NAME, set ${env}, or "${file}" in the config file`);
    }
    return value;
  };
  let target: InfluxTarget;
  if (version === 2) {
    target = { version, url, org: need('org', 'org', 'INFLUX_ORG', 'influx.org'), bucket: need('bucket', 'bucket', 'INFLUX_BUCKET', 'influx.bucket') };
    // InfluxDB 2's 1.x-style `?u=..&p=TOKEN` carries the token as the password.
    if (found.token || given.password) target.token = text(found.token) ?? given.password!;
  } else if (version === 3) {
    target = { version, url, database: need('database', 'database', 'INFLUX_DATABASE', 'influx.database') };
    // InfluxDB 2's 1.x-style `?u=..&p=TOKEN` carries the token as the password.
    if (found.token || given.password) target.token = text(found.token) ?? given.password!;
  } else {
    target = { version, url, database: need('database', 'database', 'INFLUX_DATABASE', 'influx.database') };
    if (found.retentionPolicy) target.retentionPolicy = text(found.retentionPolicy)!;
    if (found.username) target.username = text(found.username)!;
    if (found.password) {
      if (!found.username) throw usageError(`${found.password.where} is set but no user name: give --username, INFLUX_USERNAME or influx.username`);
      target.password = text(found.password)!;
    }
  }

  if (found.every && found.average) throw usageError(`${found.every.where} and ${found.average.where} exclude each other: choose one way of thinning`);
  const thinning: Thinning | undefined = found.every
    ? { every: parseNumber(found.every.where, found.every.value, { min: 1, integer: true }) }
    : found.average
      ? { average: parseNumber(found.average.where, found.average.value, { min: 1, integer: true }) }
      : undefined;
  const measurement = text(found.measurement);
  return {
    target,
    schema: text(found.schema) ?? (options.legacy ? 'p1-to-influxdb' : 'full'),
    measurement: measurement === undefined || measurement === 'p1-readings' ? null : measurement,
    spoolDir: text(found.spoolDir) ?? defaultSpoolDir(options.env),
    thinning,
    hashEquipmentId: found.hashIds === undefined ? false : parseBoolean(found.hashIds),
    statusEveryMs: found.statusEvery === undefined ? 60_000 : parseNumber(found.statusEvery.where, found.statusEvery.value, { min: 1 }) * 1000,
  };
}

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/** A yes/no setting: a flag, a JSON boolean, or one of true/false, 1/0, yes/no, on/off; anything else is a usage error. */
function parseBoolean(found: Found): boolean {
  const value = BOOLEANS[String(found.value).trim().toLowerCase()];
  if (value === undefined) throw usageError(`${found.where} must be true or false (or 1/0, yes/no, on/off), got ${JSON.stringify(found.value)}`);
  return value;
}

/** The predecessor's `host`, `protocol` and `port` as a URL; `http://localhost:8086` when none is given. */
function legacyUrl(found: Partial<Record<InfluxSettingKey, Found>>): string {
  const host = text(found.host) ?? 'localhost';
  const port = found.influxPort === undefined ? 8086 : parseNumber(found.influxPort.where, found.influxPort.value, { min: 1, integer: true });
  return `${text(found.protocol) ?? 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** systemd's `StateDirectory=` when run as a service, else the XDG state directory of the user. */
export function defaultSpoolDir(env: Readonly<Record<string, string | undefined>>): string {
  const systemd = env.STATE_DIRECTORY?.split(':')[0];
  if (systemd) return join(systemd, 'spool');
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'p1', 'spool');
}

/** Whether a config file is the predecessor's (p1-to-influxdb), by its keys. */
export function isLegacyConfig(keys: Iterable<string>): boolean {
  for (const key of keys) if (LEGACY_PATHS.test(key)) return true;
  return false;
}
