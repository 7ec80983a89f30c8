import type { CosemValue } from './decode-value.js';
import { freezeDeep } from './freeze-deep.js';
import { type CosemGroup, splitGroups } from './tokenize.js';

/** One data line of a telegram, known or unknown. Its groups and value are read-only: they may be shared. */
export class CosemObject {
  /** Normalised `A-B:C.D.E`; null for a line that is not an OBIS object. */
  readonly obis: string | null;
  /** The catalogue's name for it (`energyReceivedTariff1`); null when p1 does not know the object. */
  readonly name: string | null;
  /** 1-based line in the telegram where the object starts (the header is line 1). */
  readonly line: number;
  /** The line as sent, continuation lines included. */
  readonly raw: string;
  /** The decoded value, shaped by the object's kind; null for unknown objects (their groups hold everything). */
  readonly value: CosemValue;
  #groups: readonly CosemGroup[] | undefined;

  constructor(obis: string | null, name: string | null, line: number, raw: string, value: CosemValue, groups?: readonly CosemGroup[]) {
    this.obis = obis;
    this.name = name;
    this.line = line;
    this.raw = raw;
    this.value = value;
    this.#groups = groups;
  }

  /** The `(value*unit)` groups as sent; split from `raw` on first use. */
  get groups(): readonly CosemGroup[] {
    if (this.#groups === undefined) {
      const open = this.raw.indexOf('(');
      this.#groups = freezeAll(open < 0 ? [] : splitGroups(this.raw, open));
    }
    return this.#groups;
  }

  /** The same object at another line of a telegram. */
  at(line: number): CosemObject {
    return new CosemObject(this.obis, this.name, line, this.raw, this.value, this.#groups).freeze();
  }

  /** Makes it, its value and its groups read-only: done when telegrams share it. */
  freeze(): this {
    freezeDeep(this.value);
    if (this.#groups !== undefined) freezeDeep(this.#groups);
    Object.freeze(this);
    return this;
  }

  toJSON(): { obis: string | null; name: string | null; line: number; raw: string; groups: readonly CosemGroup[]; value: CosemValue } {
    const { obis, name, line, raw, groups, value } = this;
    return { obis, name, line, raw, groups, value };
  }
}

// Groups may be shared between telegrams (see `parseContent`), so they are read-only.
function freezeAll(groups: CosemGroup[]): readonly CosemGroup[] {
  for (const group of groups) Object.freeze(group);
  return Object.freeze(groups);
}
