import { InfluxError } from './influx-error.js';

/** InfluxDB 1.x: `POST /write`. */
export interface InfluxV1Target {
  version: 1;
  /** Base URL, e.g. `http://localhost:8086` (a path prefix behind a proxy is kept). */
  url: string;
  database: string;
  /** Default: the database's default retention policy. */
  retentionPolicy?: string;
  /** Default: no authentication. Sent as HTTP Basic, never in the URL. */
  username?: string;
  password?: string;
}

/** InfluxDB 2.x (and anything that speaks its API, such as VictoriaMetrics): `POST /api/v2/write`. */
export interface InfluxV2Target {
  version: 2;
  url: string;
  org: string;
  bucket: string;
  /** An API token with write permission on the bucket; sent as `Authorization: Token ...`. */
  token?: string;
}

/** InfluxDB 3.x (Core, Enterprise): `POST /api/v3/write_lp`. */
export interface InfluxV3Target {
  version: 3;
  url: string;
  database: string;
  /** Sent as `Authorization: Bearer ...`. */
  token?: string;
}

/** Where the writer writes; the version picks the API. */
export type InfluxTarget = InfluxV1Target | InfluxV2Target | InfluxV3Target;

/** Query parameters that carry credentials (1.x's `u`/`p`, and the names others use): refused in `target.url`. */
const CREDENTIAL_PARAMS: ReadonlySet<string> = new Set(['u', 'p', 'username', 'password', 'token']);

/** A prepared write request: everything but the body. */
export interface WriteRequest {
  url: string;
  /** `GET` here says whether the server answers at all (an outage is over). */
  pingUrl: string;
  headers: Record<string, string>;
  /** Where, for messages: `InfluxDB 1.x at http://host:8086, database "p1"`. Never holds a secret. */
  description: string;
  /** Strings that must never appear in a message: password, token, the Authorization header. */
  secrets: string[];
}

interface Api {
  path: string;
  required: readonly string[];
  query(t: Record<string, string | undefined>): Record<string, string | undefined>;
  authorization(t: Record<string, string | undefined>): string | undefined;
  where(t: Record<string, string | undefined>): string;
}

/** The three write APIs, as data: path, required options, query, authorization and how to name the target. */
const APIS: Readonly<Record<1 | 2 | 3, Api>> = {
  1: {
    path: 'write',
    required: ['database'],
    query: (t) => ({ db: t.database, rp: t.retentionPolicy, precision: 's' }),
    authorization: (t) =>
      t.username === undefined ? undefined : `Basic ${Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64')}`,
    where: (t) => `database "${t.database}"${t.retentionPolicy === undefined ? '' : `, retention policy "${t.retentionPolicy}"`}`,
  },
  2: {
    path: 'api/v2/write',
    required: ['org', 'bucket'],
    query: (t) => ({ org: t.org, bucket: t.bucket, precision: 's' }),
    authorization: (t) => (t.token === undefined ? undefined : `Token ${t.token}`),
    where: (t) => `org "${t.org}", bucket "${t.bucket}"`,
  },
  3: {
    path: 'api/v3/write_lp',
    required: ['database'],
    query: (t) => ({ db: t.database, precision: 'second' }),
    authorization: (t) => (t.token === undefined ? undefined : `Bearer ${t.token}`),
    where: (t) => `database "${t.database}"`,
  },
};

/** The request for a target; throws `invalid-option` (naming no secret) when the target is incomplete. */
export function writeRequest(target: InfluxTarget): WriteRequest {
  const api = APIS[target?.version as 1 | 2 | 3];
  if (api === undefined) {
    throw new InfluxError('invalid-option', `target.version must be 1, 2 or 3, got ${String(target?.version)}`);
  }
  const t = target as unknown as Record<string, string | undefined>;
  for (const key of ['url', ...api.required]) {
    if (typeof t[key] !== 'string' || t[key] === '') {
      throw new InfluxError('invalid-option', `target.${key} is required for InfluxDB ${target.version}.x`);
    }
  }
  if (target.version === 1 && target.password !== undefined && target.username === undefined) {
    throw new InfluxError('invalid-option', 'target.password needs target.username');
  }
  let base: URL;
  try {
    base = new URL(t.url!.endsWith('/') ? t.url! : `${t.url}/`);
  } catch {
    throw new InfluxError('invalid-option', 'target.url is not a URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new InfluxError('invalid-option', `target.url must be http: or https:, got ${base.protocol}`);
  }
  if (base.username !== '' || base.password !== '') {
    throw new InfluxError('invalid-option', 'target.url holds credentials: give them as username/password or token instead');
  }
  const inQuery = [...base.searchParams.keys()].filter((key) => CREDENTIAL_PARAMS.has(key));
  if (inQuery.length > 0) {
    throw new InfluxError('invalid-option', `target.url holds credentials (${inQuery.join(', ')}=): give them as username/password or token instead`);
  }
  const url = new URL(api.path, base);
  for (const [key, value] of Object.entries(api.query(t))) if (value !== undefined) url.searchParams.set(key, value);

  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  const authorization = api.authorization(t);
  if (authorization !== undefined) headers.authorization = authorization;
  const secrets = [t.password, t.token, authorization, authorization?.slice(authorization.indexOf(' ') + 1)];
  return {
    url: url.href,
    pingUrl: new URL('ping', base).href,
    headers,
    description: `InfluxDB ${target.version}.x at ${base.origin}${base.pathname.replace(/\/$/, '')}, ${api.where(t)}`,
    secrets: secrets.filter((s): s is string => s !== undefined && s.length > 0),
  };
}
