// A batch InfluxDB refuses never blocks the queue: against a real InfluxDB 1.6, whose 400 for a line of raw bytes
// carries those bytes in its X-Influxdb-Error header (which Node's fetch refuses outright).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createInfluxWriter, type InfluxWriterEvent } from '../src/index.js';
import { Spool } from '../src/spool.js';
import { toLineProtocol } from '../src/to-line-protocol.js';
import { electricityRows } from './expected.js';
import { meterTelegrams } from './meter.js';
import { startInfluxDB, tempDir, useServer } from '@p1/test-kit';

const influx = useServer(startInfluxDB);
const dir = tempDir('rejected');
// A line of raw bytes, as a damaged line would be if its checksum happened to match.
const BAD = 'electricity,equipment_id=x power_import=\u0001\u0002\u00ff\u00fe 1736920800\n';

it('a batch with one line InfluxDB cannot parse: split until that line stands alone, the rest written, exact counts', async () => {
  await influx().query('CREATE DATABASE refused');
  const telegrams = meterTelegrams(600);
  const electricity = telegrams.map((t) => toLineProtocol(t.reading).split('\n')[0]!);
  const spoolDir = join(dir, 'spool');
  const spool = await Spool.open(spoolDir);
  await spool.append(`${electricity.slice(0, 321).join('\n')}\n${BAD}${electricity.slice(321).join('\n')}\n`, 601);
  await spool.close();

  // The answer Node's fetch cannot read (this is what made every such batch "unavailable" and retried for ever).
  const url = `${influx().url}/write?db=refused&precision=s`;
  await expect(fetch(url, { method: 'POST', body: BAD })).rejects.toMatchObject({ cause: { code: 'HPE_INVALID_HEADER_TOKEN' } });

  const events: InfluxWriterEvent[] = [];
  const writer = await createInfluxWriter({
    target: { version: 1, url: influx().url, database: 'refused' },
    spoolDir,
    batchSize: 5000,
    batchInterval: 0,
    onEvent: (e) => events.push(e),
  });
  expect(await writer.flush(60_000)).toBe(true);
  const stats = await writer.close();
  expect(stats).toMatchObject({ written: 600, rejected: 1, spooled: 0, retries: 0 });
  expect(await influx().rows('SELECT * FROM electricity', 'refused')).toEqual(electricityRows(telegrams));

  // The line as it was, after the server's reason (its control characters shown as U+FFFD).
  const rejected = readFileSync(join(spoolDir, 'rejected.lp'), 'utf8');
  expect(rejected).toBe(`# 400 unable to parse 'electricity,equipment_id=x power_import=\ufffd\ufffd\u00ff\u00fe 1736920800': invalid boolean\n${BAD}`);
  const errors = events.filter((e) => e.type === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({
    error: { code: 'rejected', status: 400, message: expect.stringMatching(/refused 1 of 601 points \(400 unable to parse .*\); they are in rejected\.lp .* the other 600 are written/) },
  });
  expect(writer.lastError).toBeNull();
});
