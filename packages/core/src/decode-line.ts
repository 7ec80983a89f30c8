import type { CosemDefinition } from './cosem-catalogue.js';
import { type CosemValue, DECODERS } from './decode-value.js';
import { entryAt, entryOfText, type ObisCodes, type ObisEntry } from './obis-key.js';
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

/**
 * Decodes one logical data line in full: the parser's slow path. Never throws. `codes`, a decoder's known codes,
 * saves working out a code again; without it the line is decoded alone. What it found is all in what it returns.
 */
export function decodeLine(text: string, codes?: ObisCodes): DecodedLine {
  const open = text.indexOf('(');
  if (open < 0) return unparsable(text, []);
  const groups = splitGroups(text, open);
  const entry = lineEntry(text, open, codes);
  if (entry === undefined) return unparsable(text, groups);
  const { obis, def, channel } = entry;
  if (def === undefined) return { obis, def, channel, groups, value: null, problems: NO_PROBLEMS };
  let problems: { code: P1IssueCode; message: string }[] | undefined;
  const value = DECODERS[def.kind](groups, def, { report: (code, message) => (problems ??= []).push({ code, message }) });
  return { obis, def, channel, groups, value, problems: problems ?? NO_PROBLEMS };
}

/** The entry of the code before the line's first '(' (spaces around it allowed). */
function lineEntry(text: string, open: number, codes: ObisCodes | undefined): ObisEntry | undefined {
  return (codes !== undefined ? codes.at(text, 0, open) : entryAt(text, 0, open)) ?? entryOfText(text.slice(0, open));
}

function unparsable(text: string, groups: CosemGroup[]): DecodedLine {
  const problems = [{ code: 'unparsable-line' as const, message: `not an OBIS object: "${text.slice(0, 80)}"` }];
  return { obis: null, def: undefined, channel: 0, groups, value: null, problems };
}
