import type { Command } from './command.js';

/** The `--help` text of a command: synopsis, description, flags in a column, examples. */
export function formatHelp(name: string, command: Command): string {
  const flags = Object.entries(command.options).map(([key, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    return { left: `  ${short}--${key}${spec.value ? ` ${spec.value}` : ''}`, help: spec.help };
  });
  flags.push({ left: '  -h, --help', help: 'show this help' });
  const width = Math.max(...flags.map((f) => f.left.length)) + 2;
  const lines = [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    ...flags.map((f) => f.left.padEnd(width) + f.help.replaceAll('\n', `\n${' '.repeat(width)}`)),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
  ];
  return lines.join('\n');
}
