import type { CosemValue } from './decode-value.js';
import type { TelegramCrc } from './frame-decoder.js';
import type { P1Issue } from './p1-issue.js';
import type { ProfileId } from './profiles.js';
import type { Reading } from './reading.js';
import type { CosemGroup } from './tokenize.js';

/** One data line of a telegram, known or unknown. */
export interface CosemObject {
  /** Normalised `A-B:C.D.E`; null for a line that is not an OBIS object. */
  obis: string | null;
  /** The catalogue's name for it (`energyReceivedTariff1`); null when p1 does not know the object. */
  name: string | null;
  /** 1-based line in the telegram where the object starts (the header is line 1). */
  line: number;
  /** The line as sent, continuation lines included. */
  raw: string;
  groups: CosemGroup[];
  /** The decoded value, shaped by the object's kind; null for unknown objects (their groups hold everything). */
  value: CosemValue;
}

/** One parsed telegram. */
export interface Telegram {
  /** The telegram exactly as received (latin1), '/' through the CRC line. */
  raw: string;
  /** The identification line without '/', e.g. `ISk5\2MT382-1000`. */
  header: string;
  profile: ProfileId;
  /** null where the telegram carries no CRC. */
  crc: TelegramCrc | null;
  /** Every data line in order. */
  objects: CosemObject[];
  reading: Reading;
  /** Non-fatal problems; the values concerned are null. */
  issues: P1Issue[];
}
