// The fuzz run of issue #12, at scale: `node scripts/fuzz.mjs [--telegrams N] [--random-mb N] [--seed N]` (after
// `pnpm --filter @p1/core build`; it tests dist/, as users get it). Defaults: 100,000 mutated telegrams and 300 MB
// of random bytes, read at 8N1 and masked to 7 bits. Prints the figures; exits 1 when an invariant broke:
//   - a telegram delivered in strict mode carries a valid CRC where its standard has one (checked bitwise here), and
//     one without a CRC is P1 text (a header, printable lines, a COSEM line); lenient mode adds only flagged ones;
//   - every chunking of a stream (bytes one at a time, random cuts, whole) gives the same results;
//   - random bytes give no telegram, whatever the CRC policy.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROFILES, TelegramDecoder } from '../dist/index.js';
import { createRandom, deliveredProblem, mutate, randomBytes, randomChunks } from './mutate.mjs';

const { values } = parseArgs({
  options: {
    telegrams: { type: 'string', default: '100000' },
    'random-mb': { type: 'string', default: '300' },
    seed: { type: 'string', default: '12' },
  },
});
const TELEGRAMS = Number(values.telegrams);
const RANDOM_BYTES = Number(values['random-mb']) * 1e6;
const SEED = Number(values.seed);

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/telegrams');
const REAL = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(join(dir, f))));

const failures = [];
const fail = (what, detail) => {
  if (failures.length < 20) failures.push(`${what}: ${detail}`);
  else failures.length++;
};

function decode(chunks, options) {
  const decoder = new TelegramDecoder(options);
  const results = [];
  for (const chunk of chunks) for (const r of decoder.push(chunk)) results.push(r);
  for (const r of decoder.end()) results.push(r);
  return { results, stats: decoder.stats };
}

const view = (results) =>
  results.map((r) => JSON.stringify(r.type === 'telegram' ? [r.telegram.raw, r.telegram.crc, r.telegram.issues] : [r.error.code, r.error.raw])).join('\n');

function mutatedTelegrams() {
  const random = createRandom(SEED);
  const outcomes = {};
  const count = (key) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  let bytesTotal = 0;
  let chunkChecks = 0;
  const started = performance.now();
  for (let n = 0; n < TELEGRAMS; n++) {
    // The mutated telegram between two intact ones, so that damage may also spill into its neighbours.
    const [before, target, after] = [0, 1, 2].map(() => REAL[(random() * REAL.length) | 0]);
    const { bytes: damaged } = mutate(random, target);
    const bytes = new Uint8Array(before.length + damaged.length + after.length);
    bytes.set(before, 0);
    bytes.set(damaged, before.length);
    bytes.set(after, before.length + damaged.length);
    bytesTotal += bytes.length;
    for (const crc of ['strict', 'lenient']) {
      const { results } = decode([bytes], { crc });
      for (const r of results) {
        if (r.type === 'error') {
          if (crc === 'strict') count(`error ${r.error.code}`);
          continue;
        }
        if (crc === 'strict') count(r.telegram.crc === null ? 'telegram without CRC (DSMR 2.2/3.0)' : 'telegram, valid CRC');
        else if (r.telegram.crc !== null && !r.telegram.crc.valid) count('lenient: telegram flagged crc.valid false');
        const problem = deliveredProblem(r.telegram, PROFILES[r.telegram.profile].hasCrc, { lenient: crc === 'lenient' });
        if (problem !== null) fail(`${crc}: ${problem}`, JSON.stringify(r.telegram.raw.slice(0, 300)));
      }
      if (crc === 'lenient' && n % 4 === 0) {
        // Chunk invariance on every fourth stream: random cuts, and on every 40th byte by byte too.
        const whole = view(results);
        const cuts = [randomChunks(random, bytes)];
        if (n % 40 === 0) cuts.push([...bytes].map((b) => Uint8Array.of(b)));
        for (const chunks of cuts) {
          chunkChecks++;
          if (view(decode(chunks, { crc }).results) !== whole) fail('chunking changed the results', JSON.stringify(new TextDecoder('latin1').decode(bytes).slice(0, 300)));
        }
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { outcomes, bytesTotal, chunkChecks, seconds };
}

function randomStreams() {
  const rows = [];
  for (const sevenBit of [false, true]) {
    const random = createRandom(SEED * 31 + (sevenBit ? 7 : 8));
    const decoders = ['strict', 'lenient', 'off'].map((crc) => new TelegramDecoder({ crc, sevenBit }));
    const errors = {};
    let telegrams = 0;
    const started = performance.now();
    const piece = 1 << 20;
    for (let done = 0; done < RANDOM_BYTES; done += piece) {
      const bytes = randomBytes(random, Math.min(piece, RANDOM_BYTES - done));
      for (const decoder of decoders) {
        for (const r of decoder.push(bytes)) {
          if (r.type === 'telegram') {
            telegrams++;
            fail(`random bytes (${sevenBit ? '7E1' : '8N1'}) gave a telegram`, JSON.stringify(r.telegram.raw.slice(0, 200)));
          } else if (decoder === decoders[1]) errors[r.error.code] = (errors[r.error.code] ?? 0) + 1;
        }
      }
    }
    for (const decoder of decoders) for (const r of decoder.end()) if (r.type === 'telegram') telegrams++;
    const stats = decoders[1].stats;
    rows.push({ sevenBit, telegrams, errors, stats, seconds: (performance.now() - started) / 1000 });
  }
  return rows;
}

const int = (n) => n.toLocaleString('en-US');
console.log(`p1 fuzz (issue #12): seed ${SEED}, ${REAL.length} real telegrams (fixtures/telegrams) as the base`);

const m = mutatedTelegrams();
console.log(
  `\n${int(TELEGRAMS)} mutated telegrams (1-3 mutations each, between two intact ones; ${(m.bytesTotal / 1e6).toFixed(1)} MB), ` +
    `strict and lenient, ${int(m.chunkChecks)} chunkings compared, ${m.seconds.toFixed(1)} s`,
);
for (const [key, n] of Object.entries(m.outcomes).sort((a, b) => b[1] - a[1])) console.log(`  ${key.padEnd(44)} ${int(n).padStart(9)}`);

for (const r of randomStreams()) {
  const mb = RANDOM_BYTES / 1e6;
  console.log(
    `\n${int(mb)} MB of random bytes, ${r.sevenBit ? 'masked to 7 bits (sevenBit, 7E1)' : 'as read at 8N1'}, strict + lenient + off: ` +
      `${r.telegrams} telegrams, ${r.seconds.toFixed(1)} s`,
  );
  console.log(`  lenient decoder: ${int(r.stats.garbageBytes)} garbage bytes, ${int(r.stats.garbageFrames)} frames not P1 text, errors ${JSON.stringify(r.errors)}`);
}

console.log(failures.length === 0 ? '\nall invariants held' : `\n${failures.length} invariant failures:\n${failures.join('\n')}`);
process.exitCode = failures.length === 0 ? 0 : 1;
