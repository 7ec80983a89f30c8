import { channelOf, type CosemDefinition, findDefinition } from './cosem-catalogue.js';
import { type CosemValue, DECODERS, type IssueSink } from './decode-value.js';
import { normalizeObis } from './obis.js';
import type { P1IssueCode } from './p1-issue.js';
import { type CosemGroup, splitGroups } from './tokenize.js';

/** What one logical line says, independent of the telegram it came in. */
export interface DecodedLine {
  /** Normalised OBIS code; null when the line is not an OBIS object. */
  readonly obis: string | null;
  /** Undefined for objects p1 does not know. */
  readonly def: CosemDefinition | undefined;
  /** The B group (the M-Bus channel for `0-n:` objects). */
  readonly channel: number;
  readonly groups: readonly CosemGroup[];
  readonly value: CosemValue;
  /** Problems found in the line, located by the caller. */
  readonly problems: readonly { code: P1IssueCode; message: string }[];
}

const NO_PROBLEMS: DecodedLine['problems'] = Object.freeze([]);

// One sink for every line: decodeLine is synchronous and not re-entrant, so a closure per line is not needed.
let found: { code: P1IssueCode; message: string }[] | undefined;
const sink: IssueSink = { report: (code, message) => (found ??= []).push({ code, message }) };

/**
 * Decodes one logical data line. Never throws. `previous`, the decoding of the line that stood at the same place in
 * the meter's previous telegram, lends its OBIS code and definition when the text up to the first '(' is the same.
 */
export function decodeLine(text: string, previous?: DecodedLine, previousText?: string): DecodedLine {
  const open = text.indexOf('(');
  if (open < 0) return unparsable(text, []);
  const groups = splitGroups(text, open);
  const reuse = previous !== undefined && previous.obis !== null && previousText!.charCodeAt(open) === 0x28 &&
    previousText!.startsWith(text.slice(0, open));
  const obis = reuse ? previous.obis : normalizeObis(text.slice(0, open));
  if (obis === null) return unparsable(text, groups);
  const def = reuse ? previous.def : findDefinition(obis);
  found = undefined;
  const value = def === undefined ? null : DECODERS[def.kind](groups, def, sink);
  return { obis, def, channel: reuse ? previous.channel : channelOf(obis), groups, value, problems: found ?? NO_PROBLEMS };
}

function unparsable(text: string, groups: CosemGroup[]): DecodedLine {
  const problems = [{ code: 'unparsable-line' as const, message: `not an OBIS object: "${text.slice(0, 80)}"` }];
  return { obis: null, def: undefined, channel: 0, groups, value: null, problems };
}

/**
 * Freezes a decoded line once it is shared between telegrams (the line walker reuses the decoding of a line that
 * repeats word for word), so that no telegram can change what another one holds. Lines that change every time
 * are never shared, and never pay for freezing.
 */
export function freezeLine(line: DecodedLine): void {
  if (Object.isFrozen(line)) return;
  freezeDeep(line.groups);
  freezeDeep(line.value);
  freezeDeep(line.problems);
  Object.freeze(line);
}

function freezeDeep(value: unknown): void {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freezeDeep(child);
    Object.freeze(value);
  }
}
