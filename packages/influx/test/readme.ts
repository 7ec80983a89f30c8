// The package README, read by the tests that keep it honest: its schema table and its InfluxQL queries.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8');

/** The text of the section under `heading` (a whole heading line), up to the next heading. */
export function readmeSection(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README has no section "${heading}"`);
  const rest = README.slice(start + heading.length + 2);
  return rest.slice(0, rest.search(/\n#{1,4} /) === -1 ? undefined : rest.search(/\n#{1,4} /));
}

/** The code blocks of a language in a section. */
export function readmeCode(heading: string, language: string): string[] {
  return [...readmeSection(heading).matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());
}
