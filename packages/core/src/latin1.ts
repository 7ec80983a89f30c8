// Telegrams are bytes: every byte maps to one char code 0-255 (latin1), so nothing is lost or replaced, and the
// CRC can be recomputed from the text. TextDecoder('latin1') is windows-1252 in WHATWG, hence the manual mapping.
// Pure ASCII, by far the common case, takes the native UTF-8 decoder, where it is identical and 15x faster: a
// strict UTF-8 decode gives one char per byte exactly when every byte is ASCII (any other byte either fails or
// joins a multi-byte character).

const SLICE = 8192;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Every browser and Node has one; a bare JavaScript context may not, and then the loop does all. */
const ascii = typeof TextEncoder === 'function' ? new TextEncoder() : undefined;

/** Bytes `[start, end)` as a latin1 string. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  try {
    const text = utf8.decode(bytes.subarray(start, end));
    if (text.length === end - start) return text;
  } catch {
    // not UTF-8, so not ASCII: mapped byte by byte below
  }
  if (end - start <= SLICE) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  let out = '';
  for (let i = start; i < end; i += SLICE) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(i + SLICE, end)) as unknown as number[]);
  }
  return out;
}

/** A string's char codes as bytes (the low 8 bits, as latin1 encodes them). */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  // ASCII text, the common case, is its own UTF-8: the native encoder writes it several times faster than the loop.
  // Any other character takes two or more UTF-8 bytes, so the encoder stops short and the loop maps them all.
  if (ascii !== undefined) {
    const { read, written } = ascii.encodeInto(text, bytes);
    if (read === text.length && written === text.length) return bytes;
  }
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * A chunk as a plain Uint8Array: text by `latin1Bytes`, bytes as they are, a subclass of Uint8Array (Node's byte arrays)
 * viewed as a plain one: the decoder reads frames in place, and one kind of array keeps every access monomorphic and
 * `subarray` native.
 */
export function bytesOf(chunk: string | Uint8Array): Uint8Array {
  if (typeof chunk === 'string') return latin1Bytes(chunk);
  return chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
