// A corpus ready to be timed: the telegram strings (for the predecessor, which takes one string per telegram) and
// the same telegrams as one byte stream cut into 64 KiB chunks (what a file stream delivers to @p1/core). All of
// it is made before timing starts, so no case pays for another's input.
import { corpusBytes, generateTelegrams, CORPORA } from './corpus.mjs';

export const CHUNK_SIZE = 64 * 1024;

/** `bytes` as consecutive views of `size` bytes (no copies). */
export function chunked(bytes, size = CHUNK_SIZE) {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

export function prepareWorkload(kind, count, seed) {
  const telegrams = generateTelegrams(kind, count, seed);
  const bytes = corpusBytes(telegrams);
  return { kind, title: CORPORA[kind].title, count, telegrams, bytes, chunks: chunked(bytes) };
}

/** Feeds every chunk to `decoder` (push, then end) and hands each result to `onResult`. */
export function drain(decoder, chunks, onResult) {
  for (const chunk of chunks) for (const result of decoder.push(chunk)) onResult(result);
  for (const result of decoder.end()) onResult(result);
}

/** Reads what a consumer reads of a telegram, so that work @p1/core might do lazily is counted too. */
export function touch(telegram) {
  return telegram.objects.length + (telegram.reading.timestamp === null ? 0 : 1);
}
