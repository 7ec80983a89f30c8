import { createRequire } from 'node:module';
import { CliError, EXIT } from './cli-error.js';
import type { CliIo } from './command.js';
import { COMMANDS } from './commands.js';
import { formatHelp } from './format-help.js';
import { parseCommandArgs } from './parse-command-args.js';
import { SOURCE_OPTIONAL_VALUES } from './source-settings.js';
import { redactUrl } from './url-credentials.js';

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 4;
  return [
    'Usage: p1 <command> [options]',
    '',
    'Read smart meters through their P1 port (DSMR 2.2-5.x, Belgian eMUCs).',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'p1 <command> --help shows a command\'s options and examples. Without a command: p1 watch.',
    '',
  ].join('\n');
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

/** Runs `p1` with `argv` (without node and the script); resolves with the exit code and never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    io.stdout.write(topic === undefined ? overview() : formatHelp(rest[0]!, topic));
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  // No command, or flags only: the quick start's `p1` and `p1 --emulator dsmr5` are `p1 watch`.
  const name = first === undefined || first.startsWith('-') ? 'watch' : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`p1: unknown command "${name}"\n\n${overview()}`);
    return EXIT.usage;
  }
  if (!command.passThrough && (args.includes('--help') || args.includes('-h'))) {
    io.stdout.write(formatHelp(name, command));
    return EXIT.ok;
  }
  try {
    if (command.passThrough) return await command.run({ values: {}, positionals: args }, io);
    const optional = [...SOURCE_OPTIONAL_VALUES.filter((o) => o.name in command.options), ...(command.optionalValues ?? [])];
    return await command.run(parseCommandArgs(name, command, args, optional), io);
  } catch (error) {
    // A message may quote a URL the user gave: its password never reaches the terminal.
    if (error instanceof CliError) {
      io.stderr.write(redactUrl(`${error.message.startsWith('p1') ? '' : `p1 ${name}: `}${error.message}\n`));
      return error.exitCode;
    }
    io.stderr.write(redactUrl(`p1 ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`));
    return EXIT.failure;
  }
}
