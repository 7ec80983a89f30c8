import { parseArgs } from 'node:util';
import { usageError } from './cli-error.js';
import type { Command, OptionTable, ParsedArgs } from './command.js';

/**
 * Flags whose value may be left out (`--emulator` or `--emulator dsmr5`), which `parseArgs` cannot express: a bare
 * one becomes `--flag=` followed by its default. The value is taken when the next word is not a flag and, for
 * commands without operands, always; otherwise only when it is one of `choices`.
 */
export interface OptionalValue {
  name: string;
  fallback: string;
  choices?: readonly string[];
}

function fillOptionalValues(argv: readonly string[], optional: readonly OptionalValue[], positionals: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const spec = optional.find((o) => word === `--${o.name}`);
    if (spec === undefined) {
      out.push(word);
      continue;
    }
    const next = argv[i + 1];
    const takesNext = next !== undefined && !next.startsWith('-') && (!positionals || (spec.choices?.includes(next) ?? false));
    out.push(`--${spec.name}=${takesNext ? next : spec.fallback}`);
    if (takesNext) i++;
  }
  return out;
}

/** Parses a command's arguments strictly; a wrong flag is a usage error that names it and points at `--help`. */
export function parseCommandArgs(name: string, command: Command, argv: readonly string[], optional: readonly OptionalValue[] = []): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: fillOptionalValues(argv, optional, command.positionals),
      options: toParseArgsOptions(command.options),
      strict: true,
      allowPositionals: command.positionals,
    });
    return { values, positionals };
  } catch (error) {
    throw usageError(`p1 ${name}: ${(error as Error).message.replace(/\. To specify .*$/s, '')}\nSee: p1 ${name} --help`);
  }
}

function toParseArgsOptions(table: OptionTable) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [key, spec] of Object.entries(table)) {
    options[key] = { type: spec.type, ...(spec.short && { short: spec.short }), ...(spec.multiple && { multiple: true }) };
  }
  return options;
}
