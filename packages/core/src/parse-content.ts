import { ReadingBuilder } from './build-reading.js';
import type { CosemValue } from './decode-value.js';
import type { P1Issue } from './p1-issue.js';
import { detectProfile, type ProfileFacts, type ProfileId } from './profiles.js';
import type { Reading } from './reading.js';
import { walkLines } from './line-walker.js';
import type { CosemGroup } from './tokenize.js';

/** One data line of a telegram, known or unknown. Its groups and value are frozen: they may be shared. */
export interface CosemObject {
  /** Normalised `A-B:C.D.E`; null for a line that is not an OBIS object. */
  readonly obis: string | null;
  /** The catalogue's name for it (`energyReceivedTariff1`); null when p1 does not know the object. */
  readonly name: string | null;
  /** 1-based line in the telegram where the object starts (the header is line 1). */
  readonly line: number;
  /** The line as sent, continuation lines included. */
  readonly raw: string;
  readonly groups: readonly CosemGroup[];
  /** The decoded value, shaped by the object's kind; null for unknown objects (their groups hold everything). */
  readonly value: CosemValue;
}

export interface ParseOptions {
  /** Use this standard instead of detecting it. */
  profile?: ProfileId;
}

/** What a telegram's data lines mean. */
export interface TelegramContent {
  profile: ProfileId;
  reading: Reading;
  issues: P1Issue[];
}

/** Reads the data lines of a telegram's text into a reading, its issues and its profile. Never throws. */
export function parseContent(
  raw: string,
  header: string,
  hasCrc: boolean,
  lineEndingsRestored: boolean,
  options: ParseOptions,
): TelegramContent {
  const builder = new ReadingBuilder(header);
  const issues: P1Issue[] = [];
  const versions: ProfileFacts['versions'] = {};
  if (lineEndingsRestored) {
    issues.push({ code: 'line-endings-restored', message: 'line 1: CRC matched only with CR restored before each LF', line: 1 });
  }
  walkLines(raw, header, (decoded, _text, line) => {
    for (const problem of decoded.problems) {
      const where = decoded.obis === null ? `line ${line}` : `${decoded.obis} (line ${line})`;
      const issue: P1Issue = { code: problem.code, message: `${where}: ${problem.message}`, line };
      if (decoded.obis !== null) issue.obis = decoded.obis;
      issues.push(issue);
    }
    const def = decoded.def;
    if (def?.target === undefined) return;
    if (def.obis === '1-3:0.2.8' || def.obis === '0-0:96.1.4') versions[def.obis] = decoded.groups[0]?.raw ?? '';
    builder.apply(def, decoded.value, decoded.groups[0]?.unit ?? null, decoded.channel);
  });
  const profile = options.profile ?? detectProfile({ versions, hasCrc, header });
  return { profile, reading: builder.finish(), issues };
}

/** Every data line of a telegram's text as a `CosemObject`, in order. */
export function parseObjects(raw: string, header: string): CosemObject[] {
  const objects: CosemObject[] = [];
  walkLines(raw, header, ({ obis, def, groups, value }, text, line) => {
    objects.push({ obis, name: def?.name ?? null, line, raw: text, groups, value });
  });
  return objects;
}
