/** What a schema maps a `Reading` to, as plain data: measurement, tags, and fields with their reading paths. */

/** How a value behaves over time; averaging thinning averages gauges and keeps the last of the others. */
export type FieldKind = 'counter' | 'gauge' | 'state';

/** One field of a series: key, where its number is, its type (default `float`), unit and kind. */
export interface FieldSpec {
  /** The field key in InfluxDB. */
  field: string;
  /** Dotted path of the number, in the reading (telegram series) or in the list item (captured series). */
  path: string;
  /** `integer` fields are written as `2i`; default `float`. */
  type?: 'float' | 'integer';
  /** The unit the standards define: the value is written in it where `unitPath` is given, else as the meter sent it. */
  unit: string;
  /**
   * Dotted path of the unit the meter sent, next to the value (`...tariff1.unit` beside `...tariff1.reading`). The
   * value is then converted to `unit` (a meter's Wh to kWh, var to kvar) and left out where it cannot be (another
   * quantity): a field keeps one unit for its life.
   */
  unitPath?: string;
  kind: FieldKind;
}

/** One tag of a series: key and where its value is (a tag the reading lacks is left out unless it has a fallback). */
export interface TagSpec {
  /** The tag key in InfluxDB. */
  tag: string;
  /** Dotted path of the value: in the reading, or in the list item when `fromItem`. */
  path: string;
  fromItem?: boolean;
  /** The value when the path holds null. Without it the tag is left out. */
  fallback?: string;
  /** An equipment id: hashed when the writer is asked to hide ids. */
  private?: boolean;
}

/** One measurement of a schema: per telegram, or per captured item with `each`. */
export interface SeriesSpec {
  measurement: string;
  /**
   * Absent: one point per telegram, at the telegram's time. A dotted path to a list in the reading: one point per
   * item, at the item's own capture time (`time`), so a value captured hourly is one point, not 3600.
   */
  each?: string;
  /** For `each`: the item's capture-time path (ISO UTC). */
  time?: string;
  /** For `each`: use the telegram's time when the item has none (a device whose clock is not set). */
  telegramTimeFallback?: boolean;
  /** For `each`: item paths that must hold a value for the item to be written (skips unconfigured M-Bus slots). */
  require?: readonly string[];
  tags: readonly TagSpec[];
  fields: readonly FieldSpec[];
}

/** The names of the built-in schemas. */
export type SchemaName = 'full' | 'p1-to-influxdb';

/** A mapping from `Reading` to points, as data: `FULL_SCHEMA` and `P1_TO_INFLUXDB_SCHEMA` are two. */
export interface Schema {
  name: string;
  series: readonly SeriesSpec[];
}
