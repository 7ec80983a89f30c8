import { COSEM_OBJECTS, type CosemDefinition, type Series } from './cosem-catalogue.js';
import type { CosemValue } from './decode-value.js';
import { freezeDeep } from './freeze-deep.js';
import type { GasReading, KindShapes, LeafShape, LeafShapes, MbusDevice, Reading } from './reading.js';

/**
 * The reading's shape, derived once from the places in the COSEM catalogue: a tree whose leaves are numbered in
 * depth-first order. A telegram's lines fill an array of leaves (`Leaves`); `assembleReading` (generated from this
 * tree into `reading-assembly.ts`) makes the reading from it. A line that repeats word for word gives the very same
 * leaf again (the parser keeps it with the line), so a part whose leaves are all the same as in the meter's previous
 * telegram is the previous reading's part, shared: many kept readings cost little memory.
 */

/** A telegram's leaves, by index: what each place holds. */
export type Leaves = unknown[];

/** How a place's leaf is made from its line's decoded (frozen) value and unit, and what it holds without a line. */
interface ShapeRule {
  readonly empty: unknown;
  make(value: CosemValue, unit: string | null): unknown;
}

const NO_MEASUREMENT: LeafShapes['measurement'] = Object.freeze({ reading: null, unit: null });
const NO_THRESHOLD: LeafShapes['limit'] = Object.freeze({ value: null, unit: null });
const asIs = (value: CosemValue): CosemValue => value;
/** A decoded structure (a log, a history) as it is; the empty structure where it could not be read. */
const structure = (empty: unknown): ShapeRule => ({ empty, make: (value) => value ?? empty });

/** Every shape a place can have: its empty leaf (frozen, shared by every reading) and how a line makes one. */
const SHAPES: Record<LeafShape, ShapeRule> = {
  measurement: {
    empty: NO_MEASUREMENT,
    make: (value, unit) => (value === null ? NO_MEASUREMENT : Object.freeze({ reading: value as number, unit })),
  },
  limit: {
    empty: NO_THRESHOLD,
    make: (value, unit) => (value === null ? NO_THRESHOLD : Object.freeze({ value: value as number, unit })),
  },
  text: { empty: null, make: asIs },
  count: { empty: null, make: asIs },
  'power-failure-log': structure(freezeDeep({ count: null, log: [] })),
  'maximum-demand': structure(Object.freeze({ timestamp: null, reading: null, unit: null })),
  'demand-history': structure(freezeDeep({ count: null, months: [] })),
};

const KIND_SHAPES: Partial<Record<CosemDefinition['kind'], LeafShape>> = {
  number: 'measurement',
  integer: 'count',
  string: 'text',
  'hex-text': 'text',
  timestamp: 'text',
  'power-failure-log': 'power-failure-log',
  'maximum-demand': 'maximum-demand',
  'demand-history': 'demand-history',
} satisfies { [K in keyof KindShapes]: KindShapes[K] };

/** The shape of a catalogue row's place. */
function shapeOf(def: CosemDefinition): LeafShape {
  return def.as ?? KIND_SHAPES[def.kind]!;
}

/** Where a value lands in `Leaves`, and how its leaf is made. */
export interface Place {
  readonly index: number;
  make(value: CosemValue, unit: string | null): unknown;
}

// ---- The tree --------------------------------------------------------------------------------------------------

/** One part of the reading: its keys in order, each a leaf index or a part; the run of leaves it covers. */
export interface Part {
  readonly keys: readonly string[];
  readonly children: readonly (Part | number)[];
  readonly from: number;
  readonly to: number;
}

/** `reading.gas` and `reading.mbus` when there is no device. */
export const NO_GAS: GasReading = Object.freeze({ deviceType: null, equipmentId: null, timestamp: null, reading: null, unit: null, valvePosition: null });
export const NO_DEVICES: readonly MbusDevice[] = Object.freeze([]);

/** The reading's leaves that no data line fills: set by the builder. */
const OUTER = { first: [['meterType', null]], last: [['gas', NO_GAS], ['mbus', NO_DEVICES]] } as const;

type Draft = Map<string, Draft | { empty: unknown }>;

function build(): { root: Part; empty: unknown[]; places: Map<string, number> } {
  const draft: Draft = new Map();
  const put = (path: string, empty: unknown): void => {
    const keys = path.split('.');
    let node = draft;
    for (const key of keys.slice(0, -1)) {
      let next = node.get(key);
      if (next === undefined) node.set(key, (next = new Map()));
      node = next as Draft;
    }
    if (!node.has(keys.at(-1)!)) node.set(keys.at(-1)!, { empty });
  };
  for (const [key, empty] of OUTER.first) put(key, empty);
  for (const def of COSEM_OBJECTS as readonly CosemDefinition[]) if (def.field !== undefined) put(def.field, SHAPES[shapeOf(def)].empty);
  for (const [key, empty] of OUTER.last) put(key, empty);

  const empty: unknown[] = [];
  const places = new Map<string, number>();
  const number = (node: Draft, prefix: string): Part => {
    const from = empty.length;
    const children = [...node].map(([key, child]) => {
      if (child instanceof Map) return number(child, `${prefix}${key}.`);
      places.set(prefix + key, empty.length);
      empty.push(child.empty);
      return empty.length - 1;
    });
    return { keys: [...node.keys()], children, from, to: empty.length };
  };
  return { root: number(draft, ''), empty, places };
}

const { root, empty: EMPTY, places: LEAF_INDEX } = build();

/** The reading's tree, from which `reading-assembly.ts` is generated (see `assembly-source.ts`). */
export const READING_TREE: Part = root;

/** Leaf indexes of the parts the builder fills. */
export const METER_TYPE = LEAF_INDEX.get('meterType')!;
export const GAS = LEAF_INDEX.get('gas')!;
export const MBUS = LEAF_INDEX.get('mbus')!;
export const VERSION = LEAF_INDEX.get('version')!;

const TARIFF1 = LEAF_INDEX.get('electricity.received.tariff1')!;
const TOTAL = LEAF_INDEX.get('electricity.received.total')!;

/** The energy registers a telegram's leaves hold, for profile detection (`ProfileFacts.registers`). */
export function registersOf(leaves: Leaves): 'tariffs' | 'total' | 'none' {
  if (leaves[TARIFF1] !== EMPTY[TARIFF1]) return 'tariffs';
  return leaves[TOTAL] !== EMPTY[TOTAL] ? 'total' : 'none';
}

/** Leaves with nothing filled in. */
export function emptyLeaves(): Leaves {
  return EMPTY.slice();
}

/** `leaves` with nothing filled in again. */
export function clearLeaves(leaves: Leaves): Leaves {
  for (let i = 0; i < EMPTY.length; i++) leaves[i] = EMPTY[i];
  return leaves;
}

const PLACES = new Map<CosemDefinition, Place>();
for (const def of COSEM_OBJECTS as readonly CosemDefinition[]) {
  if (def.field !== undefined) PLACES.set(def, { index: LEAF_INDEX.get(def.field)!, make: SHAPES[shapeOf(def)].make });
}

/** The place of a catalogue row's value in the reading; undefined for objects without one. */
export function placeOf(def: CosemDefinition): Place | undefined {
  return PLACES.get(def);
}

// ---- The field list other packages read ------------------------------------------------------------------------

/** A reading field, as influx's full schema, the CSV columns and the emulator read it. */
export interface ReadingField {
  /** The part's path in a reading: `electricity.received.tariff1`. */
  readonly path: string;
  /** The path of its number or text: `electricity.received.tariff1.reading` for a measurement. */
  readonly valuePath: string;
  /** The objects that fill it (`1-3:0.2.8` and `0-0:96.1.4` both fill `version`). */
  readonly obis: readonly string[];
  readonly shape: LeafShape;
  /** The unit the standards define first; null for counts, states and text. */
  readonly unit: string | null;
  /** Whether its value is an integer (counts, enums). */
  readonly integer: boolean;
  readonly series: Series | null;
  readonly column: string | null;
}

const VALUE_KEYS: Partial<Record<LeafShape, string>> = { measurement: '.reading', limit: '.value', 'maximum-demand': '.reading' };

function fieldList(): ReadingField[] {
  const fields = new Map<string, ReadingField & { obis: string[] }>();
  for (const def of COSEM_OBJECTS as readonly CosemDefinition[]) {
    if (def.field === undefined) continue;
    const known = fields.get(def.field);
    if (known !== undefined) {
      known.obis.push(def.obis);
      continue;
    }
    const shape = shapeOf(def);
    fields.set(def.field, {
      path: def.field,
      valuePath: def.field + (VALUE_KEYS[shape] ?? ''),
      obis: [def.obis],
      shape,
      unit: shape === 'text' || shape === 'count' ? null : (def.units?.[0] ?? null),
      integer: def.kind === 'integer',
      series: def.series ?? null,
      column: def.column ?? null,
    });
  }
  return [...fields.values()];
}

/** Every field of a reading that a data line fills, in the reading's order. Derived from `COSEM_OBJECTS`. */
export const READING_FIELDS: readonly ReadingField[] = freezeDeep(fieldList());
