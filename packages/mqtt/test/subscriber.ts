// An MQTT.js subscriber for the tests: records every message (topic, text, retain flag) and waits on them.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { waitFor } from '@p1/test-kit';

export interface Received {
  topic: string;
  text: string;
  retain: boolean;
}

export interface Subscriber {
  client: MqttClient;
  messages: Received[];
  /** The last message on a topic. */
  last(topic: string): Received | undefined;
  /** Messages whose topic matches. */
  on(match: RegExp): Received[];
  /** Waits until `check` holds for the messages so far. */
  until(check: (messages: Received[]) => boolean, what: string, timeout?: number): Promise<void>;
  end(): Promise<void>;
}

/** Connects and subscribes to `filters`; resolves once the subscription is acknowledged. */
export async function subscribe(url: string, filters: string[], options: IClientOptions = {}): Promise<Subscriber> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, text: payload.toString(), retain: packet.retain }));
  await client.subscribeAsync(filters, { qos: 1 });
  return {
    client,
    messages,
    last: (topic) => messages.filter((m) => m.topic === topic).at(-1),
    on: (match) => messages.filter((m) => match.test(m.topic)),
    until: (check, what, timeout = 30_000) => waitFor(() => check(messages), what, timeout),
    end: () => client.endAsync(true),
  };
}
