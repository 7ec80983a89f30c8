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

/** Decodes one logical data line in full: the parser's slow path. Never throws. */
export function decodeLine(text: string): DecodedLine {
  const open = text.indexOf('(');
  if (open < 0) return unparsable(text, []);
  const groups = splitGroups(text, open);
  const obis = normalizeObis(text.slice(0, open));
  if (obis === null) return unparsable(text, groups);
  const def = findDefinition(obis);
  found = undefined;
  const value = def === undefined ? null : DECODERS[def.kind](groups, def, sink);
  return { obis, def, channel: channelOf(obis), groups, value, problems: found ?? NO_PROBLEMS };
}

function unparsable(text: string, groups: CosemGroup[]): DecodedLine {
  const problems = [{ code: 'unparsable-line' as const, message: `not an OBIS object: "${text.slice(0, 80)}"` }];
  return { obis: null, def: undefined, channel: 0, groups, value: null, problems };
}
