/** The value of the ASCII hex digit with char code `c` (0-9, a-f, A-F), or -1 when it is not one. */
export function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}
