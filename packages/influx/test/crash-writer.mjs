// The process the crash test SIGKILLs: reads a capture file and writes each reading through the built writer,
// printing "taken <n>" once reading n is on disk. Arguments: capture spoolDir url database [from]
import { createReadStream } from 'node:fs';
import { readTelegrams } from '@p1/core';
import { createInfluxWriter } from '../dist/index.js';

const [capture, spoolDir, url, database, from = '0'] = process.argv.slice(2);
const writer = await createInfluxWriter({
  target: { version: 1, url, database },
  spoolDir,
  batchSize: 50,
  batchInterval: 100,
  retryDelay: 100,
  maxRetryDelay: 1000,
  onEvent: (event) => console.log(`event ${event.type} ${event.spooled}`),
});
let n = 0;
for await (const telegram of readTelegrams(createReadStream(capture))) {
  if (++n <= Number(from)) continue;
  if (!(await writer.write(telegram.reading))) throw new Error(`reading ${n} was refused: ${writer.lastError?.message}`);
  console.log(`taken ${n}`);
}
const stats = await writer.close(60_000);
console.log(`done ${JSON.stringify(stats)}`);
