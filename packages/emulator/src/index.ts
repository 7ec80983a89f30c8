export { MeterEmulator, type EmittedTelegram } from './meter-emulator.js';
export { P1Emulator, type P1EmulatorEvents, type P1EmulatorOptions } from './p1-emulator.js';
export type {
  DeviceMedium,
  EmulatorConfig,
  EmulatorOptions,
  MbusDeviceOptions,
  RealisticOptions,
} from './emulator-options.js';
export type { DemandState, MbusDeviceState, MeterState, PhaseValues, PowerFailureEntry, WorldState } from './meter-state.js';
export { renderTelegram } from './render-telegram.js';
export { TELEGRAM_LAYOUTS, type LayoutId, type TelegramLayout } from './telegram-layouts.js';
export type { EncryptionConfig, EncryptionOptions } from './encrypt-telegram.js';
export type { MbusLine, TelegramLine } from './telegram-line.js';
export { TARIFF_SCHEDULES, type TariffSchedule } from './tariff-schedule.js';
export { HOUSEHOLD_REGISTERS, HOUSEHOLD_USES, TEXT_MESSAGES, type HouseholdUse } from './household-model.js';
export type { FaultKind, FaultOptions } from './faults.js';
export type { Rng } from './rng.js';
export { systemClock, type Clock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export { createEmulatorBinding, EmulatorPortBinding, type EmulatorBindingOptions } from './emulator-binding.js';
export type { PortInfo, PortOpenOptions, PortSetOptions, PortStatus, SerialPortBinding } from './serial-binding-types.js';
export { serveTcp, EmulatorTcpServer, type TcpServerEvents, type TcpServerOptions } from './tcp-server.js';
export { openPty, EmulatorPty, type PtyEvents, type PtyOptions } from './pty.js';
export { EmulatorError, isEmulatorError, SocatMissingError, CanceledError, type EmulatorErrorCode } from './emulator-error.js';
