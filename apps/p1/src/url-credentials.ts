/** A URL without its credentials, and the credentials it held: for requests that carry them in headers. */
export interface UrlCredentials {
  url: string;
  username?: string;
  password?: string;
  token?: string;
}

/**
 * Takes the credentials out of a URL: userinfo (`http://user:pass@host`) and the query parameters `u`, `p`,
 * `username`, `password`, `token`. Returns the URL without them (other query parameters kept) and what they said.
 * A string that is not a URL comes back as it is.
 */
export function urlCredentials(text: string): UrlCredentials {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { url: text };
  }
  const out: Omit<UrlCredentials, 'url'> = {};
  if (url.username !== '') out.username = decodeURIComponent(url.username);
  if (url.password !== '') out.password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  for (const [key, field] of [['u', 'username'], ['username', 'username'], ['p', 'password'], ['password', 'password'], ['token', 'token']] as const) {
    const value = url.searchParams.get(key);
    if (value !== null) {
      if (value !== '') out[field] = value;
      url.searchParams.delete(key);
    }
  }
  if (Object.keys(out).length === 0 && !/[?&]((u|p|username|password|token)=)|@/.test(text)) return { url: text };
  // `new URL('http://h:8086/?')` keeps a bare `?`; a URL that had only credentials in its query loses it.
  return { url: url.search === '' ? url.href.replace(/\?$/, '') : url.href, ...out };
}

const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/gi;
const QUERY_SECRET = /([?&;](?:p|password|token)=)[^&#\s"']*/gi;

/**
 * `text` with every URL password shown as `***`: userinfo (`//user:***@host`) and the values of `p=`, `password=`
 * and `token=` in a query. For messages that quote a URL the user gave.
 */
export function redactUrl(text: string): string {
  return text
    .replace(USERINFO, (_, scheme: string, info: string) => `${scheme}${info.includes(':') ? `${info.slice(0, info.indexOf(':'))}:***` : info}@`)
    .replace(QUERY_SECRET, '$1***');
}
