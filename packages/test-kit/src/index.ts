export { freePort } from './free-port.js';
export { PtyWriter } from './pty-writer.js';
export { startInfluxDB, startVictoriaMetrics, useServer } from './servers.js';
export type { InfluxQueryResult, InfluxServer, Server, VictoriaServer } from './servers.js';
export { killAllSocat, socatPair } from './socat-pair.js';
export type { SocatPair } from './socat-pair.js';
export { tempDir } from './temp-dir.js';
export { waitFor } from './wait-for.js';
