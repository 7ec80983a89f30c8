// `@p1/serial/internal`: the reader's pieces, for p1's own packages and tests. Not covered by semver for users:
// they may change in any release. Users want the public API of `@p1/serial` (`P1Reader`, `detect`, `listPorts`).
export { resolveSettings, EMULATOR_PATH, type ResolvedSettings, type SourceAddress } from './resolve-settings.js';
export { DEFAULT_RECONNECT, reconnectDelay, resolveReconnect, type ReconnectPolicy } from './reconnect-policy.js';
export { DebugLog, PARSED_LOG, RAW_LOG } from './debug-log.js';
