import { ReadingBuilder } from './build-reading.js';
import { channelOf, findDefinition } from './cosem-catalogue.js';
import { DECODERS, type IssueSink } from './decode-value.js';
import { FrameDecoder, type Frame, type FrameDecoderOptions } from './frame-decoder.js';
import { normalizeObis } from './obis.js';
import { P1Error } from './p1-error.js';
import type { P1Issue, P1IssueCode } from './p1-issue.js';
import { detectProfile, isProfileId, type ProfileFacts, type ProfileId } from './profiles.js';
import type { CosemObject, Telegram } from './telegram.js';
import { tokenize } from './tokenize.js';

export interface ParseOptions {
  /** Use this standard instead of detecting it. */
  profile?: ProfileId;
}

/** Parses a telegram already cut from its stream. Content problems become `issues`; it never throws. */
export function parseFrame(frame: Frame, options: ParseOptions = {}): Telegram {
  const { header, lines } = tokenize(frame.raw);
  const issues: P1Issue[] = [];
  const objects: CosemObject[] = [];
  const builder = new ReadingBuilder(header);
  const versions: ProfileFacts['versions'] = {};
  const sink = new LineIssues(issues);
  if (frame.lineEndingsRestored) {
    sink.at(undefined, 1).report('line-endings-restored', 'CRC matched only with CR restored before each LF');
  }

  for (const line of lines) {
    const obis = normalizeObis(line.obisText);
    if (obis === null || line.groups === null) {
      sink.at(undefined, line.line).report('unparsable-line', `not an OBIS object: "${line.raw.slice(0, 80)}"`);
      objects.push({ obis: null, name: null, line: line.line, raw: line.raw, groups: line.groups ?? [], value: null });
      continue;
    }
    const def = findDefinition(obis);
    if (def === undefined) {
      objects.push({ obis, name: null, line: line.line, raw: line.raw, groups: line.groups, value: null });
      continue;
    }
    const value = DECODERS[def.kind](line.groups, def, sink.at(obis, line.line));
    objects.push({ obis, name: def.name, line: line.line, raw: line.raw, groups: line.groups, value });
    if (def.obis === '1-3:0.2.8' || def.obis === '0-0:96.1.4') versions[def.obis] = line.groups[0]?.raw ?? '';
    if (def.target !== undefined) builder.apply(def, value, line.groups[0]?.unit ?? null, channelOf(obis));
  }

  const profile = options.profile ?? detectProfile({ versions, hasCrc: frame.crc !== null, header });
  return { raw: frame.raw, header, profile, crc: frame.crc, objects, reading: builder.finish(), issues };
}

/** Issues of one line, so that decoders report without knowing where they are. */
class LineIssues implements IssueSink {
  private obis: string | undefined;
  private line = 0;
  constructor(private readonly issues: P1Issue[]) {}

  at(obis: string | undefined, line: number): this {
    this.obis = obis;
    this.line = line;
    return this;
  }

  report(code: P1IssueCode, message: string): void {
    const where = this.obis === undefined ? `line ${this.line}` : `${this.obis} (line ${this.line})`;
    const issue: P1Issue = { code, message: `${where}: ${message}`, line: this.line };
    if (this.obis !== undefined) issue.obis = this.obis;
    this.issues.push(issue);
  }
}

export interface ParseTelegramOptions extends ParseOptions, Pick<FrameDecoderOptions, 'sevenBit' | 'maxFrameSize'> {}

/**
 * Parses one telegram from text or bytes; anything before its '/' is skipped. CRC problems show in `crc`, content
 * problems in `issues`. Throws a `P1Error` only when the input holds no telegram: `no-telegram` without a '/',
 * `incomplete` without the '!' end line, `frame-too-large` past `maxFrameSize`.
 */
export function parseTelegram(input: string | Uint8Array, options: ParseTelegramOptions = {}): Telegram {
  if (options.profile !== undefined && !isProfileId(options.profile)) {
    throw new P1Error('invalid-option', `unknown profile "${String(options.profile)}"`);
  }
  const decoder = new FrameDecoder(options);
  const results = [...decoder.push(input), ...decoder.end()];
  const found = results.find((r) => r.type === 'frame');
  if (found !== undefined) return parseFrame(found.frame, options);
  const error = results.find((r) => r.type === 'error');
  if (error !== undefined) throw error.error;
  throw new P1Error('no-telegram', 'no telegram start ("/") in the input');
}
