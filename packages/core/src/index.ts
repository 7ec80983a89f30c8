export { CRC16, crc16, crc16x25, type Crc16, type CrcAlgorithm } from './crc16.js';
export { hashEquipmentId } from './hash-equipment-id.js';
export { P1Error, isP1Error, type P1ErrorCode, type P1ErrorDetails } from './p1-error.js';
export { isAnyP1Error, type AnyP1Error } from './error-marker.js';
export type { P1Issue, P1IssueCode } from './p1-issue.js';
export { latin1, latin1Bytes } from './latin1.js';
export {
  FrameDecoder,
  type Frame,
  type FrameDecoderOptions,
  type FrameDecoderStats,
  type FrameResult,
  type TelegramCrc,
} from './frame-decoder.js';
export type { CrcPolicy } from './crc-policy.js';
export {
  TelegramDecoder,
  type DecodeResult,
  type TelegramDecoderOptions,
  type TelegramDecoderStats,
} from './telegram-decoder.js';
export { parseTelegram, parseTelegrams, parseFrame, type ParseTelegramOptions } from './parse-telegram.js';
export type { ParseOptions } from './parse-content.js';
export { ParseState } from './parse-state.js';
export { readTelegrams, type ReadTelegramsOptions } from './read-telegrams.js';
export {
  EncryptedTelegramDecoder,
  type DecryptionStats,
  type EncryptedTelegramDecoderOptions,
  type EncryptedTelegramDecoderStats,
} from './encrypted-telegram-decoder.js';
export {
  createTelegramDecoder,
  type AnyTelegramDecoder,
  type AnyTelegramDecoderStats,
  type DecryptionOptions,
} from './create-telegram-decoder.js';
export { decryptTelegram } from './decrypt-telegram.js';
export { parseKey, SMARTY_AUTHENTICATION_KEY } from './decryption-key.js';
export { TelegramStream } from './telegram-stream.js';
export { Telegram, type Decryption } from './telegram.js';
export { CosemObject } from './cosem-object.js';
export type { CosemGroup } from './tokenize.js';
export type { CosemValue, MbusValue } from './decode-value.js';
export type * from './reading.js';
export { emptyReading, isConfiguredDevice } from './build-reading.js';
export { energyRegister } from './energy-register.js';
export { convertUnit } from './convert-unit.js';
export { COSEM_OBJECTS, findDefinition, type CosemDefinition, type Series, type ValueKind } from './cosem-catalogue.js';
export { READING_FIELDS, type ReadingField } from './reading-shape.js';
export { normalizeObis } from './obis-key.js';
export { parseTimestamp, type TimestampResult } from './timestamp.js';
export { decodeHexText } from './hex-text.js';
export { MBUS_MEDIA, mediumOf } from './mbus-medium.js';
export {
  PROFILES,
  DETECTION_RULES,
  detectProfile,
  isProfileId,
  type Profile,
  type ProfileFacts,
  type ProfileId,
} from './profiles.js';
export { METERS, findMeters, findMeterByName, type MeterModel } from './meter-catalogue.js';
export {
  SERIAL_7E1_9600,
  SERIAL_7E1_115200,
  SERIAL_8N1_115200,
  formatSerialSettings,
  type SerialSettings,
} from './serial-settings.js';
