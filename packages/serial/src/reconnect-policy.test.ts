import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeSource } from '../test/fake-source.js';
import { P1Reader } from './p1-reader.js';
import { DEFAULT_RECONNECT, reconnectDelay, resolveReconnect } from './reconnect-policy.js';

describe('reconnectDelay (pure)', () => {
  const policy = resolveReconnect({ initialDelay: 100, factor: 2, maxDelay: 1000, jitter: 0 })!;

  it('doubles from initialDelay and stays at maxDelay', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => reconnectDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('stays capped after thousands of attempts (no overflow to Infinity or NaN)', () => {
    expect(reconnectDelay(5000, policy)).toBe(1000);
    expect(reconnectDelay(5000, DEFAULT_RECONNECT, () => 1)).toBe(30_000);
  });

  it('jitter spreads each delay within its bounds, never past maxDelay', () => {
    const jittery = resolveReconnect({ initialDelay: 100, maxDelay: 1000, jitter: 0.2 })!;
    expect(reconnectDelay(1, jittery, () => 0)).toBe(80);
    expect(reconnectDelay(1, jittery, () => 1)).toBe(120);
    expect(reconnectDelay(20, jittery, () => 1)).toBe(1000);
  });

  it('null once maxAttempts retries have failed', () => {
    const limited = resolveReconnect({ maxAttempts: 2, jitter: 0 })!;
    expect([1, 2, 3].map((n) => reconnectDelay(n, limited))).toEqual([500, 1000, null]);
  });

  it('reconnect: false is no policy; true and undefined are the defaults; nonsense is refused', () => {
    expect(resolveReconnect(false)).toBeNull();
    expect(resolveReconnect(true)).toEqual(DEFAULT_RECONNECT);
    expect(Object.isFrozen(DEFAULT_RECONNECT)).toBe(true);
    expect(resolveReconnect(undefined)).toEqual(DEFAULT_RECONNECT);
    expect(() => resolveReconnect({ jitter: 2 })).toThrow(/reconnect.jitter cannot be 2/);
    expect(() => resolveReconnect({ initialDelay: 100, maxDelay: 10 })).toThrow(/reconnect.maxDelay/);
    expect(() => resolveReconnect({ maxAttempts: 0 })).toThrow(/reconnect.maxAttempts/);
  });
});

describe('the reader follows the policy (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries at the backoff delays, then connects when the device appears', async () => {
    vi.useFakeTimers({ now: 0 });
    const source = new FakeSource();
    const reader = new P1Reader({ source, reconnect: { initialDelay: 100, factor: 2, maxDelay: 1000, jitter: 0 } });
    const delays: number[] = [];
    reader.on('reconnecting', (info) => delays.push(info.delay));
    reader.on('error', () => {});
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1000 + 1000);
    expect(source.opens).toEqual([0, 100, 300, 700, 1500, 2500, 3500]);
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    source.present = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(reader.state).toBe('connected');
    await reader.close();
  });

  it('silenceTimeout drops a connection that brings no byte, and makes a new one', async () => {
    vi.useFakeTimers({ now: 0 });
    const source = new FakeSource();
    source.present = true;
    const reader = new P1Reader({ source, silenceTimeout: 5000, reconnect: { initialDelay: 100, jitter: 0 } });
    const events: string[] = [];
    reader.on('error', (error) => events.push(`error:${error.code}`));
    reader.on('close', () => events.push('close'));
    reader.on('reconnecting', (info) => events.push(`reconnecting:${info.delay}`));
    reader.on('connected', () => events.push('connected'));
    await vi.advanceTimersByTimeAsync(4999);
    source.emit('data', new Uint8Array([0x41])); // a byte restarts the wait
    await vi.advanceTimersByTimeAsync(4999);
    expect(events).toEqual(['connected']);
    await vi.advanceTimersByTimeAsync(1 + 100);
    expect(events).toEqual(['connected', 'error:silence', 'close', 'reconnecting:100', 'connected']);
    await reader.close();
  });
});

