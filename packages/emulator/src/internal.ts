// `@p1/emulator/internal`: the emulator's pieces (option checking, the state machine, encryption, faults, the
// seeded generator), for p1's own packages, tests and benchmarks. Not covered by semver for users: they may change
// in any release. Users want `MeterEmulator`, `P1Emulator`, the bindings and `@p1/emulator/testing`.
export { resolveOptions } from './emulator-options.js';
export { createMeterState } from './create-meter-state.js';
export { advance } from './advance.js';
export { encryptTelegram, resolveEncryption } from './encrypt-telegram.js';
export { tariffAt } from './tariff-schedule.js';
export { injectFaults, parseFaults } from './faults.js';
export { createRng } from './rng.js';
