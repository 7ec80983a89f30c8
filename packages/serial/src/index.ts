export {
  P1Reader,
  type CloseInfo,
  type ConnectionInfo,
  type P1ReaderEvents,
  type P1ReaderStats,
  type ReaderState,
  type ReconnectInfo,
} from './p1-reader.js';
export type { P1ReaderOptions } from './p1-reader-options.js';
export type { SerialBinding, SerialBindingPortInfo } from './serial-binding.js';
export { P1SerialError, isP1SerialError, type P1SerialErrorCode, type P1SerialErrorDetails } from './p1-serial-error.js';
export { detect, DetectError, EncryptedMeterError, DETECT_CANDIDATES, type DetectAttempt, type DetectCandidate, type DetectOptions, type DetectResult } from './detect.js';
export { listPorts, type ListPortsOptions, type SerialPortInfo } from './list-ports.js';
export type { SerialPortObject, SettingsOptions } from './resolve-settings.js';
export type { ReconnectOptions } from './reconnect-policy.js';
export type { ByteSource, ByteSourceEvents } from './byte-source.js';
export { SerialSource, type SerialSourceOptions } from './serial-source.js';
export { TcpSource, type TcpSourceOptions } from './tcp-source.js';
export type { DebugLogOptions } from './debug-log.js';
export type { EmulatorOverrides } from './load-emulator.js';
