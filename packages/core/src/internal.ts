// `@p1/core/internal`: building blocks p1's own packages share (the error marker, the backoff, deep freezing,
// the content parser, the cipher pieces). Not covered by semver for users: they may change in any release, in step
// with the p1 packages that use them. Users want the public API of `@p1/core`.
export { backoffDelay, type Backoff } from './backoff.js';
export { errorMarker, type ErrorMarker } from './error-marker.js';
export { parseContent, type TelegramContent } from './parse-content.js';
export { Aes128Gcm } from './aes-128-gcm.js';
export { readCipherHead, GLO_CIPHERING, type CipherHead } from './cipher-frame-header.js';
export { fromDutchLocalTime, isEuSummerTime } from './timestamp.js';
export { freezeDeep } from './freeze-deep.js';
export { parseDecimal } from './decimal.js';
