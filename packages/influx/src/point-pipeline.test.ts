import { describe, expect, it } from 'vitest';
import { meterTelegrams, type MeterOptions } from '../test/meter.js';
import { PointPipeline, type PipelineOptions } from './point-pipeline.js';

/** Every line the pipeline makes of `count` emulated telegrams, held-back ones included. */
function run(count: number, options: PipelineOptions = {}, telegrams: MeterOptions = {}): string[] {
  const pipeline = new PointPipeline(options);
  let text = '';
  for (const t of meterTelegrams(count, telegrams)) text += pipeline.push(t.reading).text;
  text += pipeline.drain().text;
  return text.split('\n').slice(0, -1);
}

const measurement = (lines: string[], name: string): string[] => lines.filter((l) => l.startsWith(`${name},`) || l.startsWith(`${name} `));
const field = (line: string, key: string): number => Number(new RegExp(`[ ,]${key}=([-\\d.]+)`).exec(line)![1]);
const time = (line: string): number => Number(line.slice(line.lastIndexOf(' ') + 1));

describe('captured values', () => {
  it('writes an hourly gas value once per capture, not once per telegram', () => {
    const lines = run(7200, {}, { intervalGas: 3600 });
    expect(measurement(lines, 'electricity')).toHaveLength(7200);
    expect(measurement(lines, 'mbus')).toHaveLength(2);
  });

  it('writes a 5-minute gas value once per 5 minutes', () => {
    const lines = run(3600);
    expect(measurement(lines, 'mbus').map(time)).toEqual(Array.from({ length: 12 }, (_, k) => time(measurement(lines, 'mbus')[0]!) + k * 300));
  });
});

describe('thinning', () => {
  it('every n-th: keeps telegrams 0, n, 2n, ... and every gas capture', () => {
    const lines = run(3600 * 2, { thinning: { every: 10 } }, { intervalGas: 3600 });
    const electricity = measurement(lines, 'electricity');
    expect(electricity).toHaveLength(720);
    expect(time(electricity[1]!) - time(electricity[0]!)).toBe(10);
    expect(measurement(lines, 'mbus')).toHaveLength(2);
  });

  it('average: one point per window at its start; gauges averaged, counters and states from the last telegram', () => {
    const generated = meterTelegrams(25);
    const pipeline = new PointPipeline({ thinning: { average: 10 } });
    const pushed = generated.map((g) => pipeline.push(g.reading).text).join('');
    const held = pipeline.drain().text;
    const lines = measurement(`${pushed}${held}`.split('\n').slice(0, -1), 'electricity');
    expect(lines.map(time)).toEqual([0, 10, 20].map((s) => generated[0]!.time + s));
    const window = generated.slice(0, 10);
    const mean = (key: string) => Math.round((window.reduce((sum, g) => sum + g.fields[key]!, 0) / 10) * 1e6) / 1e6;
    for (const key of ['power_import', 'voltage_l1', 'current_l2', 'power_export_l3']) expect(field(lines[0]!, key)).toBe(mean(key));
    for (const key of ['energy_import_t1', 'power_failures', 'tariff']) expect(field(lines[0]!, key)).toBe(window[9]!.fields[key]);
    // The open window (telegrams 20-24) comes out on drain(), not before.
    expect(measurement(held.split('\n'), 'electricity')).toHaveLength(1);
  });

  it.each([{ every: 0 }, { every: 1.5 }, { average: -1 }, { sometimes: 3 }, 'often'])('refuses %j', (thinning) => {
    expect(() => new PointPipeline({ thinning: thinning as never })).toThrowError(expect.objectContaining({ code: 'invalid-option' }));
  });
});
