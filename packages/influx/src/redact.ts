/** `text` with every secret replaced by `***`: server answers and network errors can echo what was sent. */
export function redact(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) if (secret !== '') text = text.split(secret).join('***');
  return text;
}
