import { describe, expect, it } from 'vitest';
import { appendField, escapeMeasurement, escapeTag, formatPoint, formatSeries, SeriesNames, type Point } from './format-point.js';

const point = (overrides: Partial<Point> = {}): Point => ({
  measurement: 'm',
  tags: {},
  fields: { f: 1.5 },
  time: 1_736_899_200,
  ...overrides,
});

describe('formatPoint', () => {
  it('writes floats bare, integers with i, tags in key order, seconds', () => {
    const line = formatPoint(
      point({ tags: { z: '1', a: '2' }, fields: { power: 0.185, tariff: 2, volts: 230 }, integers: new Set(['tariff']) }),
    );
    expect(line).toBe('m,a=2,z=1 power=0.185,tariff=2i,volts=230 1736899200');
  });

  it('leaves out empty tags and fields that are not finite numbers', () => {
    const line = formatPoint(point({ tags: { id: '' }, fields: { a: NaN, b: Infinity, c: -0.5 } }));
    expect(line).toBe('m c=-0.5 1736899200');
  });

  it('leaves out an integer field holding a fraction, rather than change its type', () => {
    expect(formatPoint(point({ fields: { n: 2.5, f: 1 }, integers: new Set(['n']) }))).toBe('m f=1 1736899200');
  });

  it('gives null for a point without a writable field or with a time that is not whole seconds', () => {
    expect(formatPoint(point({ fields: {} }))).toBeNull();
    expect(formatPoint(point({ fields: { a: NaN } }))).toBeNull();
    expect(formatPoint(point({ time: 1.5 }))).toBeNull();
    expect(formatPoint(point({ time: NaN }))).toBeNull();
  });
});

describe('escaping', () => {
  // Everything a meter can put in an id: printable ASCII but parentheses, latin1 bytes 0x80-0xFF, and noise.
  it.each([
    ['4530303433', '4530303433'],
    ['a b', 'a\\ b'],
    ['a,b', 'a\\,b'],
    ['a=b', 'a\\=b'],
    ['ISk5\\2MT382', 'ISk5\\2MT382'],
    ['a"b\'c', 'a"b\'c'],
    ['é ÿ', 'é\\ ÿ'],
    // Line protocol cannot carry these in a tag: replaced, so the line stays valid on every server.
    ['ab\\', 'ab\ufffd'],
    ['a\\ b', 'a\ufffd\\ b'],
    ['a\\,b', 'a\ufffd\\,b'],
    ['a\r\nb', 'a\ufffd\ufffdb'],
    ['a\u0000b\tc\u007f', 'a\ufffdb\ufffdc\ufffd'],
  ])('tag value %j -> %j', (value, escaped) => {
    expect(escapeTag(value)).toBe(escaped);
  });

  it('escapes measurement names (commas and spaces; = is allowed there)', () => {
    expect(escapeMeasurement('p1 readings,x=y')).toBe('p1\\ readings\\,x=y');
    expect(escapeMeasurement('p1-readings')).toBe('p1-readings');
  });

  it('escapes tag keys and field keys like tag values', () => {
    expect(formatPoint(point({ tags: { 'a key': 'v' }, fields: { 'f=1,x': 2 } }))).toBe('m,a\\ key=v f\\=1\\,x=2 1736899200');
  });
});

describe('appendField: the one way a field value is written', () => {
  it('floats as JavaScript writes them, integers with i, comma-separated', () => {
    expect(appendField('', 'a=', 1.5, false)).toBe('a=1.5');
    expect(appendField('a=1.5', 'b=', 2, true)).toBe('a=1.5,b=2i');
    expect(appendField('', 'c=', 1e21, false)).toBe('c=1e+21');
    expect(appendField('', 'd=', -0.001, false)).toBe('d=-0.001');
  });

  it('leaves out what is not writable: no number, not finite, a fraction for an integer field', () => {
    for (const [value, integer] of [[NaN, false], [Infinity, false], [-Infinity, true], [2.5, true], ['2', false], [null, false], [undefined, true]] as const) {
      expect(appendField('a=1', 'x=', value, integer), String(value)).toBe('a=1');
    }
  });
});

describe('SeriesNames', () => {
  it('gives what formatSeries gives, for any tag order, each series formatted once per pipeline', () => {
    const names = new SeriesNames();
    const tags = { meter: 'E0043 x', phase: 'L1', empty: '' };
    expect(names.of('p1 m', tags)).toBe(formatSeries('p1 m', tags));
    expect(names.of('p1 m', { phase: 'L1', meter: 'E0043 x' })).toBe('p1\\ m,meter=E0043\\ x,phase=L1');
    expect(names.of('p1 m', tags)).toBe(names.of('p1 m', { ...tags }));
  });

  it('stays bounded by forgetting, never by giving a wrong name', () => {
    const names = new SeriesNames();
    for (let i = 0; i < 5000; i++) expect(names.of('m', { id: String(i) })).toBe(`m,id=${i}`);
    expect(names.of('m', { id: '0' })).toBe('m,id=0');
  });
});
