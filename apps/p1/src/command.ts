import type { Readable, Writable } from 'node:stream';
import type { OptionalValue } from './parse-command-args.js';

/** One flag of a command: what `parseArgs` needs plus what `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The placeholder `--help` shows after the flag, e.g. `PATH`. */
  value?: string;
  help: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The flags and operands of one invocation, as `parseArgs` gives them. */
export interface ParsedArgs {
  values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  positionals: readonly string[];
}

/** A terminal-like output: a TTY has `isTTY`, `columns` and `rows`. */
export type Output = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/** Everything a command touches outside itself, so that tests can run it in-process when they need to. */
export interface CliIo {
  stdin: Readable;
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT and SIGTERM: a command stops, flushes what it holds and returns. */
  signal: AbortSignal;
}

/** A `p1` command, as data: what `--help` shows and what runs. */
export interface Command {
  summary: string;
  /** The synopsis after `Usage: `. */
  usage: string;
  /** Paragraphs `--help` shows below the synopsis. */
  description: string;
  options: OptionTable;
  /** Flags of its own whose value may be left out (`--host` alone), besides the source's `--emulator`. */
  optionalValues?: readonly OptionalValue[];
  /** Whether the command takes operands (file names, a device path). */
  positionals: boolean;
  /** Hand every argument, flags and `--help` included, to `run` as `positionals`: a wrapper of another CLI. */
  passThrough?: boolean;
  examples: readonly string[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
