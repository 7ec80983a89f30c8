// `pnpm bench`: throughput tables (DSMR 5, then the DSMR 4.2 and eMUCs mixes), heap kept per telegram, and peak
// memory while streaming a ~1 GB capture. Options: node src/run.mjs --help.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measureBigFile } from './big-file.mjs';
import { decryptReport } from './decrypt.mjs';
import { chunkingReport, measureChunking } from './chunking.mjs';
import { CASES } from './cases.mjs';
import { runNodeChild } from './child.mjs';
import { predecessorComplaints } from './predecessor.mjs';
import { heapReport, int, MB, streamReport, throughputReport } from './report.mjs';
import { timeRoundRobin } from './timing.mjs';
import { prepareWorkload } from './workload.mjs';

const USAGE = `usage: node src/run.mjs [options]
  --rounds N          timed rounds per case, median reported (default 7, at least 5)
  --telegrams N       DSMR 5 corpus size (default 100000)
  --mix-telegrams N   DSMR 4.2 and eMUCs mix corpus size (default 20000)
  --heap-telegrams N  telegrams kept for the heap measurement (default 20000)
  --big-file-mb N     size of the streamed capture in MB (default 1000)
  --no-big-file       skip the streamed capture
  --decrypt-frames N  encrypted Smarty frames for the decryption table (default 10000; 0 skips it)
  --chunking-telegrams N  size of the capture fed in chunks of 16 B to all of it (default 110000, ~100 MB)
  --chunking-rounds N rounds of the chunking table, each pass in a child process (default 5)
  --no-chunking       skip the chunking table
  --only-chunking     only the chunking table
  --seed N            corpus seed (default 1)`;

const WARMUP_TELEGRAMS = 2000;

function options() {
  const { values } = parseOrExplain({
    options: {
      rounds: { type: 'string', default: '7' },
      telegrams: { type: 'string', default: '100000' },
      'mix-telegrams': { type: 'string', default: '20000' },
      'heap-telegrams': { type: 'string', default: '20000' },
      'big-file-mb': { type: 'string', default: '1000' },
      'no-big-file': { type: 'boolean', default: false },
      'decrypt-frames': { type: 'string', default: '10000' },
      'chunking-telegrams': { type: 'string', default: '110000' },
      'chunking-rounds': { type: 'string', default: '5' },
      'no-chunking': { type: 'boolean', default: false },
      'only-chunking': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}\n${USAGE}`);
    return n;
  };
  return {
    rounds: number('rounds', 5),
    telegrams: number('telegrams', 1),
    mixTelegrams: number('mix-telegrams', 1),
    heapTelegrams: number('heap-telegrams', 1),
    bigFileBytes: number('big-file-mb', 1) * MB,
    bigFile: !values['no-big-file'],
    decryptFrames: number('decrypt-frames', 0),
    chunkingTelegrams: number('chunking-telegrams', 1),
    chunkingRounds: number('chunking-rounds', 1),
    chunking: !values['no-chunking'],
    onlyChunking: values['only-chunking'],
    seed: number('seed', 0),
  };
}

function parseOrExplain(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new Error(`${error.message}\n${USAGE}`);
  }
}

/** One throughput table; returns the corpus bytes for the streamed-capture part. */
function throughput(kind, count, { rounds, seed }) {
  const workload = prepareWorkload(kind, count, seed);
  const warmup = prepareWorkload(kind, Math.min(WARMUP_TELEGRAMS, count), seed + 1);
  const results = timeRoundRobin(CASES, workload, { rounds, warmup });
  const { perTelegram, kinds } = predecessorComplaints(warmup.telegrams);
  console.log(`\n${throughputReport(workload, results, rounds)}`);
  console.log(
    `p1-reader: console.error replaced by a no-op while timed; untimed, it logs ${perTelegram.toFixed(2)} line(s) per ` +
      `telegram: ${kinds.join(' | ')} (its serial reader cut telegrams at '!', so it never saw the CRC line)`,
  );
  return workload.bytes;
}

async function main() {
  // Ctrl-C and kill become a normal exit, so that the 'exit' hooks run: they stop the child processes and delete
  // the temporary capture file.
  process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
  const opts = options();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `p1 bench: node ${process.version}, ${cpu} x ${cpus().length}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, seed ${opts.seed}`,
  );
  console.log('Shared machines are noisy: compare the ratios within one run, not absolute numbers across machines.');

  if (opts.onlyChunking) {
    console.log(`\n${chunkingReport(await measureChunking(opts.chunkingTelegrams, opts.chunkingRounds, opts.seed))}`);
    return;
  }
  const dsmr5 = throughput('dsmr5', opts.telegrams, opts);
  throughput('dsmr42', opts.mixTelegrams, opts);
  throughput('emucs', opts.mixTelegrams, opts);

  const heap = await runNodeChild('./heap-child.mjs', [opts.heapTelegrams, opts.seed], ['--expose-gc']);
  console.log(`\n${heapReport(heap)}`);

  if (opts.chunking) console.log(`\n${chunkingReport(await measureChunking(opts.chunkingTelegrams, opts.chunkingRounds, opts.seed))}`);
  else console.log('\nChunking table: skipped (--no-chunking)');

  if (opts.bigFile) console.log(`\n${streamReport(await measureBigFile(dsmr5, opts.bigFileBytes))}`);
  else console.log('\nStreamed capture: skipped (--no-big-file)');

  if (opts.decryptFrames > 0) console.log(`\n${await decryptReport({ frames: opts.decryptFrames, rounds: opts.rounds, seed: opts.seed })}`);
  else console.log('\nSmarty decryption: skipped (--decrypt-frames 0)');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
