// `@p1/emulator/testing`: what tests of a P1 reader need besides the emulator itself: the reading a correct parser
// makes of a telegram (the test oracle), and what a UART opened at the wrong settings receives.
export { expectedReading } from './expected-reading.js';
export { serialLine } from './serial-line.js';
