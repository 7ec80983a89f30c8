// The process the last-will test SIGKILLs: publishes one emulated reading through the built package and prints
// "connected" once the broker took it, then waits to be killed. Arguments: url baseTopic
import { parseTelegram } from '@p1/core';
import { MeterEmulator } from '@p1/emulator';
import { createMqttPublisher } from '../dist/index.js';

const [url, baseTopic] = process.argv.slice(2);
const publisher = createMqttPublisher({ url, baseTopic, discovery: false });
const meter = new MeterEmulator({ profile: 'dsmr5', seed: 1, start: '2025-01-15T06:00:00Z' });
await publisher.write(parseTelegram(meter.next().bytes));
console.log(`connected ${publisher.meterTopic}`);
setInterval(() => {}, 60_000);
