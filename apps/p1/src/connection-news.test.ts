import { describe, expect, it } from 'vitest';
import { ConnectionNews } from './connection-news.js';

describe('ConnectionNews', () => {
  it('tells an outage once when it starts and once when it ends, however many retries lie between', () => {
    const news = new ConnectionNews('tcp://192.168.1.50:23');
    const said = [
      news.connected(1),
      news.reconnecting('lost tcp://192.168.1.50:23: connection reset'),
      ...Array.from({ length: 8 }, () => news.reconnecting('nothing listens at tcp://192.168.1.50:23')),
      news.connected(2),
      news.reconnecting('lost tcp://192.168.1.50:23: silent for 30 s'),
      news.reconnecting('nothing listens at tcp://192.168.1.50:23'),
      news.connected(3),
    ].filter((line) => line !== null);
    expect(said).toEqual([
      'connected to tcp://192.168.1.50:23',
      'lost tcp://192.168.1.50:23: connection reset; reconnecting until it is back',
      'connected to tcp://192.168.1.50:23 again',
      'lost tcp://192.168.1.50:23: silent for 30 s; reconnecting until it is back',
      'connected to tcp://192.168.1.50:23 again',
    ]);
  });
});
