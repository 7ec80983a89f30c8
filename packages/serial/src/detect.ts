import { randomBytes } from 'node:crypto';
import {
  crc16x25,
  EncryptedTelegramDecoder,
  findMeters,
  latin1Bytes,
  P1Error,
  SERIAL_7E1_115200,
  SERIAL_7E1_9600,
  SERIAL_8N1_115200,
  TelegramDecoder,
  type CrcAlgorithm,
  type DecodeResult,
  type Decryption,
  type DecryptionOptions,
  type MeterModel,
  type ProfileId,
  type SerialSettings,
  type Telegram,
} from '@p1/core';
import { freezeDeep } from '@p1/core/internal';
import type { SerialBinding } from './serial-binding.js';
import { P1SerialError } from './p1-serial-error.js';
import { SerialSource } from './serial-source.js';

/** One setting `detect()` listens at. */
export interface DetectCandidate {
  /** As meter tables write it: `115200 8N1`. */
  name: string;
  settings: SerialSettings;
  /**
   * Clear bit 7 before framing. At 7 data bits a UART strips the parity bit itself; a pty and some adapters do
   * not, and masking costs nothing where they do.
   */
  sevenBit: boolean;
  /** Who sends like this, for the messages. */
  meters: string;
}

/** The settings P1 meters use, most common first (spec digest §1.2). Frozen all the way down. */
export const DETECT_CANDIDATES: readonly DetectCandidate[] = freezeDeep([
  { name: '115200 8N1', settings: SERIAL_8N1_115200, sevenBit: false, meters: 'DSMR 4.x and 5.x, eMUCs, Smarty' },
  { name: '115200 7E1', settings: SERIAL_7E1_115200, sevenBit: true, meters: 'some DSMR 4.x (Landis+Gyr E350 ZCF100)' },
  { name: '9600 7E1', settings: SERIAL_7E1_9600, sevenBit: true, meters: 'DSMR 2.2 and 3.0' },
]);

/** Options of `detect()`. With `decryptionKey` (and `authenticationKey`), an encrypting meter is read too. */
export interface DetectOptions extends DecryptionOptions {
  /**
   * ms to listen at each setting. Default 11000: DSMR 2.2-4.x meters send every 10 s and the first telegram after
   * opening is usually cut off. So `detect()` takes at most about 3 x 11 s.
   */
  listenTime?: number;
  /** Settings to try, in order. Default `DETECT_CANDIDATES`. */
  candidates?: readonly DetectCandidate[];
  /** The serialport binding. Default: the native one. */
  binding?: SerialBinding;
  /** Stops listening; `detect()` then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What one setting gave. */
export interface DetectAttempt {
  candidate: string;
  bytes: number;
  /** Telegrams that passed: a valid CRC, or the shape of a real telegram where the standard has no CRC. */
  telegrams: number;
  crcErrors: number;
  /** Frames cut off or too large. */
  broken: number;
  /** Whole encrypted frames (DLMS general-glo-ciphering, `0xDB` ...), decrypted or not. */
  encryptedFrames: number;
  /** ms listened. */
  listened: number;
  /** What it means. */
  verdict: string;
}

/** What `detect()` found: pass `settings` to `new P1Reader({ port: path, ...settings })`. */
export interface DetectResult {
  path: string;
  /** The settings at which a valid telegram arrived. */
  settings: SerialSettings;
  /** Their name, `115200 8N1`. */
  candidate: string;
  sevenBit: boolean;
  /** The standard of the telegram. */
  profile: ProfileId;
  /** Its identification line without `/`. */
  header: string;
  /** Catalogue models with that header and standard, most specific first; empty for a meter the catalogue lacks. */
  meters: MeterModel[];
  /** The CRC the meter computes: `arc`, the standard's, or `x25` (Holley DTSD545); give it to `P1Reader`. */
  crcAlgorithm: CrcAlgorithm;
  /** For a meter that encrypts (read with the `decryptionKey` given): its frame's system title and counter; else null. */
  decryption: Decryption | null;
  /** The telegram that decided. */
  telegram: Telegram;
  /** Every setting tried, the last one being the match. */
  attempts: DetectAttempt[];
}

/** `detect()` found nothing; `attempts` says what each setting gave, the message says what to check. */
export class DetectError extends P1SerialError {
  readonly attempts: DetectAttempt[];

  constructor(message: string, path: string, attempts: DetectAttempt[], code: 'not-detected' | 'decryption-key-needed' = 'not-detected') {
    super(code, message, { port: path });
    this.attempts = attempts;
  }
}

/**
 * `detect()` heard a meter that encrypts (code `decryption-key-needed`): at `settings`, frames from `systemTitle`,
 * and no `decryptionKey` was given, or the one given does not decrypt them.
 */
export class EncryptedMeterError extends DetectError {
  readonly settings: SerialSettings;
  /** The meter's system title in hex (`534147...` = `SAG`, Sagemcom). */
  readonly systemTitle: string;

  constructor(message: string, path: string, attempts: DetectAttempt[], settings: SerialSettings, systemTitle: string) {
    super(message, path, attempts, 'decryption-key-needed');
    this.settings = settings;
    this.systemTitle = systemTitle;
  }
}

/**
 * Finds the line settings of the meter at `path` by listening, never writing, at each candidate setting for up to
 * `listenTime` ms, and stops at the first valid telegram. Rejects with `DetectError` (code `not-detected`) saying
 * what each setting gave, or at once with a `P1SerialError` when the port cannot be opened (not found, no
 * permission, in use). Bounded: at most `candidates.length x listenTime` plus opening and closing.
 */
export async function detect(path: string, options: DetectOptions = {}): Promise<DetectResult> {
  const { listenTime = 11_000, candidates = DETECT_CANDIDATES, binding, signal, decryptionKey, authenticationKey } = options;
  // Checks the keys before any port is opened (invalid-option); a frame finder for the 8-bit candidates below.
  const keys = decryptionKey === undefined || decryptionKey === '' ? undefined : { decryptionKey, ...(authenticationKey !== undefined && { authenticationKey }) };
  if (keys !== undefined) new EncryptedTelegramDecoder(keys);
  if (!(Number.isFinite(listenTime) && listenTime > 0)) {
    throw new P1Error('invalid-option', `listenTime must be a number of ms > 0, got ${String(listenTime)}`);
  }
  if (/^tcp:\/\//i.test(path)) {
    throw new P1Error('invalid-option', `detect() listens on serial ports; ${path} has no line settings to find (the dongle has them): read it with a P1Reader`);
  }
  const attempts: DetectAttempt[] = [];
  for (const candidate of candidates) {
    signal?.throwIfAborted();
    const { attempt, found, systemTitle } = await listen(path, candidate, listenTime, binding, signal, keys);
    attempts.push(attempt);
    if (found !== undefined) {
      const { telegram, crcAlgorithm } = found;
      const { header, profile } = telegram;
      const { name, settings, sevenBit } = candidate;
      const meters = findMeters(header, profile);
      const decryption = telegram.decryption ?? null;
      return { path, settings, candidate: name, sevenBit, profile, header, meters, crcAlgorithm, decryption, telegram, attempts };
    }
    // Frames of an encrypting meter: the setting is found, the key is what is missing; other settings cannot help.
    if (systemTitle !== null) throw new EncryptedMeterError(explainEncrypted(path, candidate, systemTitle, keys !== undefined), path, attempts, candidate.settings, systemTitle);
  }
  signal?.throwIfAborted();
  throw new DetectError(explain(path, attempts), path, attempts);
}

async function listen(
  path: string,
  candidate: DetectCandidate,
  listenTime: number,
  binding: SerialBinding | undefined,
  signal: AbortSignal | undefined,
  keys: DecryptionOptions | undefined,
): Promise<{ attempt: DetectAttempt; found: Found | undefined; systemTitle: string | null }> {
  const source = new SerialSource({ path, settings: candidate.settings, ...(binding && { binding }) });
  const decoder = new TelegramDecoder({ crc: 'strict', sevenBit: candidate.sevenBit });
  // Encrypted frames are 8-bit binary. Without the user's key, a key no meter has: every whole frame then fails its
  // tag, which is how it is counted (with the same framing that reads them once the key is given).
  const encrypted = candidate.sevenBit
    ? null
    : new EncryptedTelegramDecoder({ crc: 'strict', decryptionKey: keys?.decryptionKey ?? randomBytes(16), ...(keys?.authenticationKey !== undefined && { authenticationKey: keys.authenticationKey }) });
  const realKey = keys !== undefined;
  let systemTitle: string | null = null;
  let bytes = 0;
  let telegrams = 0;
  let found: Found | undefined;
  let lost = null as P1SerialError | null;
  const started = Date.now();
  await source.open();
  let stop = (): void => {};
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => stop(), listenTime);
      stop = () => {
        clearTimeout(timer);
        resolve();
      };
      signal?.addEventListener('abort', stop, { once: true });
      source.on('data', (chunk) => {
        bytes += chunk.length;
        const results = encrypted === null ? decoder.push(chunk) : [...decoder.push(chunk), ...encrypted.push(chunk)];
        for (const result of results) {
          if (result.type === 'error' && result.error.code === 'decryption-failed' && systemTitle === null) {
            systemTitle = titleOf(result.error.raw ?? '');
            if (!realKey) stop(); // enough to say what this is; a second frame would take 10 s more
          }
          const telegram = convincing(result);
          if (telegram === undefined) continue;
          telegrams++;
          found ??= telegram;
          stop();
        }
      });
      source.on('close', (reason) => {
        lost = reason;
        stop();
      });
    });
  } finally {
    signal?.removeEventListener('abort', stop);
    await source.close();
    source.removeAllListeners();
  }
  if (lost !== null) throw lost;
  const { crcErrors, incomplete, tooLarge } = decoder.stats;
  const encryptedFrames = encrypted?.stats.frames ?? 0;
  const attempt = { candidate: candidate.name, bytes, telegrams, crcErrors, broken: incomplete + tooLarge, encryptedFrames, listened: Date.now() - started };
  return { attempt: { ...attempt, verdict: verdictOf(attempt, candidate) }, found, systemTitle: found === undefined ? systemTitle : null };
}

/** The system title (hex) of a frame given as latin1 text: bytes 2-9, after `DB 08`. */
function titleOf(raw: string): string {
  let hex = '';
  for (let i = 2; i < 10 && i < raw.length; i++) hex += raw.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0');
  return hex;
}

/** Manufacturer ids of system titles (their first 3 bytes, FLAG ids) that p1's users meet. */
const MAKERS: Readonly<Record<string, string>> = { SAG: 'Sagemcom (a Luxembourg Smarty)' };

function explainEncrypted(path: string, candidate: DetectCandidate, systemTitle: string, keyGiven: boolean): string {
  const flag = String.fromCharCode(...(systemTitle.slice(0, 6).match(/../g) ?? []).map((h) => parseInt(h, 16)));
  const maker = MAKERS[flag] ?? (/^[A-Z]{3}$/.test(flag) ? `manufacturer ${flag}` : 'an unknown manufacturer');
  const what = `${path} sends encrypted frames at ${candidate.name} (DLMS general-glo-ciphering, AES-128-GCM) from system title ${systemTitle}, ${maker}.`;
  return keyGiven
    ? `${what} They do not decrypt with the decryptionKey given: check it against the key the grid operator sent for this meter (and authenticationKey, if set).`
    : `${what} Reading it needs the meter's decryption key: ask the grid operator for it (in Luxembourg, your supplier's customer portal or the DSO), then give it as decryptionKey.`;
}

/** A telegram that convinced, and the CRC it was sealed with. */
interface Found {
  telegram: Telegram;
  crcAlgorithm: CrcAlgorithm;
}

/**
 * A telegram with a valid CRC is one; so is one whose CRC is CRC-16/X-25 (Holley DTSD545), which the decoder
 * reports as a mismatch. Without a CRC (DSMR 2.2/3.0), noise at the wrong speed could frame a `/` ... `!` by chance,
 * so it must also look like a meter's: a `/XXX5` header and objects p1 knows, every line parsed.
 */
function convincing(result: DecodeResult): Found | undefined {
  if (result.type === 'error') {
    const { code, telegram, expected } = result.error;
    if (code !== 'crc-mismatch' || telegram === undefined) return undefined;
    const body = telegram.raw.slice(0, telegram.raw.lastIndexOf('!') + 1);
    return crc16x25(latin1Bytes(body)) === expected ? { telegram, crcAlgorithm: 'x25' } : undefined;
  }
  const { telegram } = result;
  if (telegram.crc !== null) return telegram.crc.valid ? { telegram, crcAlgorithm: 'arc' } : undefined;
  const looksReal =
    /^[A-Za-z]{3}\d/.test(telegram.header) &&
    telegram.objects.some((object) => object.name !== null) &&
    !telegram.issues.some((issue) => issue.code === 'unparsable-line');
  return looksReal ? { telegram, crcAlgorithm: 'arc' } : undefined;
}

type Counts = Omit<DetectAttempt, 'verdict'>;

/** Verdicts by what arrived, first match wins. */
const VERDICTS: readonly { when: (a: Counts) => boolean; say: (a: Counts, c: DetectCandidate) => string }[] = [
  { when: (a) => a.telegrams > 0, say: (_, c) => `a valid telegram (${c.meters})` },
  { when: (a) => a.encryptedFrames > 0, say: (a) => `${a.encryptedFrames} encrypted frame(s) that did not decrypt: a meter that encrypts (Smarty)` },
  { when: (a) => a.bytes === 0, say: (a) => `silent: not one byte in ${seconds(a.listened)}` },
  {
    when: (a) => a.crcErrors > 0,
    say: (a) => `${a.crcErrors} telegram(s) with a wrong CRC: likely the right setting on a noisy line or cable`,
  },
  { when: (a) => a.broken > 0, say: (a) => `${a.bytes} bytes, ${a.broken} telegram(s) cut off or too large` },
  { when: () => true, say: (a) => `${a.bytes} bytes but no telegram: not this speed or character format` },
];

function verdictOf(attempt: Counts, candidate: DetectCandidate): string {
  return VERDICTS.find((v) => v.when(attempt))!.say(attempt, candidate);
}

function explain(path: string, attempts: DetectAttempt[]): string {
  const lines = attempts.map((a) => `  ${a.candidate}: ${a.verdict}`);
  const silent = attempts.every((a) => a.bytes === 0);
  const hint = silent
    ? 'Nothing arrived at any setting: check that this is the port of the P1 cable (listPorts()), that the cable is ' +
      'plugged into the meter (its Data Request line needs 5 V), and that the meter\'s P1 port is enabled (in ' +
      'Belgium the grid operator enables it on request).'
    : 'Bytes arrived but never a valid telegram: the meter may use a setting not tried (pass it to P1Reader ' +
      'yourself), or the line is noisy; debug: true on a P1Reader logs what arrives.';
  return `no P1 telegram on ${path} at any setting:\n${lines.join('\n')}\n${hint}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
