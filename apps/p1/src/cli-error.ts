/** Exit codes of `p1`, by meaning. */
export const EXIT = {
  ok: 0,
  /** The work failed: no telegram in the input, the device vanished, a file could not be read. */
  failure: 1,
  /** The command line, environment or config file is wrong: the message says what to change. */
  usage: 2,
} as const;

/** An error whose message is meant for the person at the terminal, as is: no stack, no error class name. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A `CliError` for a wrong flag, environment variable or config value (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
