import { describe, expect, it } from 'vitest';
import { redactUrl, urlCredentials } from './url-credentials.js';

describe('credentials in a URL', () => {
  it('takes them out of the query and the userinfo, keeping the rest of the URL', () => {
    expect(urlCredentials('http://h:8086/?u=admin&p=SECRET')).toEqual({ url: 'http://h:8086/', username: 'admin', password: 'SECRET' });
    expect(urlCredentials('https://admin:p%40ss@h:8086/influx?token=T0K&x=1')).toEqual({
      url: 'https://h:8086/influx?x=1',
      username: 'admin',
      password: 'p@ss',
      token: 'T0K',
    });
    expect(urlCredentials('http://h:8086')).toEqual({ url: 'http://h:8086' });
    expect(urlCredentials('http://h:8086/?p=')).toEqual({ url: 'http://h:8086/' });
    expect(urlCredentials('not a url')).toEqual({ url: 'not a url' });
  });

  it('redacts passwords and tokens wherever a message quotes a URL', () => {
    expect(redactUrl('at http://h:8086/?u=admin&p=SECRET&password=S2&token=S3 now')).toBe('at http://h:8086/?u=admin&p=***&password=***&token=*** now');
    expect(redactUrl('"https://admin:hunter2@nas/x"')).toBe('"https://admin:***@nas/x"');
    expect(redactUrl('http://token@nas/ and http://nas/?up=1')).toBe('http://token@nas/ and http://nas/?up=1');
  });
});
