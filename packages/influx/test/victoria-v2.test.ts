import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createInfluxWriter, FULL_ELECTRICITY_FIELDS } from '../src/index.js';
import { METER_ID, meterTelegrams } from './meter.js';
import { startVictoriaMetrics, tempDir, useServer, type VictoriaServer, waitFor } from '@p1/test-kit';

const victoria = useServer(startVictoriaMetrics);
const dir = tempDir('victoria-test');


it('the v2 write API (/api/v2/write, org, bucket, token, gzip) against VictoriaMetrics: every value arrives', async () => {
  const telegrams = meterTelegrams(600);
  const writer = await createInfluxWriter({
    target: { version: 2, url: victoria().url, org: 'home', bucket: 'p1', token: 'unused-by-victoria' },
    spoolDir: join(dir, 'spool'),
    batchSize: 200,
    batchInterval: 50,
  });
  for (const t of telegrams) expect(await writer.write(t.reading)).toBe(true);
  expect(await writer.flush(60_000)).toBe(true);
  await writer.close();

  // Measurement m + field f is metric m_f there; timestamps in ms.
  const times = telegrams.map((t) => t.time * 1000);
  let series: Awaited<ReturnType<VictoriaServer['export']>> = [];
  const fields = Object.keys(telegrams[0]!.fields);
  const complete = async (): Promise<boolean> => {
    series = await victoria().export('{__name__=~"electricity_.*"}');
    return series.length === fields.length && series.every((s) => s.timestamps.length === times.length);
  };
  await waitFor(complete, 'every point of every series', 30_000);
  expect(fields.every((f) => FULL_ELECTRICITY_FIELDS.some((spec) => spec.field === f))).toBe(true);
  for (const s of series) {
    const field = s.metric.__name__!.slice('electricity_'.length);
    expect(s.metric).toEqual({ __name__: `electricity_${field}`, equipment_id: METER_ID });
    expect(s.timestamps).toEqual(times);
    expect(s.values).toEqual(telegrams.map((t) => t.fields[field]));
  }
  const [gas] = await victoria().export('{__name__="mbus_value"}');
  expect(gas!.metric).toEqual({ __name__: 'mbus_value', channel: '1', equipment_id: METER_ID, medium: 'gas' });
  expect(gas!.timestamps).toEqual([...new Set(telegrams.map((t) => t.gas.time * 1000))]);
  expect(gas!.values).toEqual([...new Map(telegrams.map((t) => [t.gas.time, t.gas.value])).values()]);
});
