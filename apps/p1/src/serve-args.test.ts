import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from './parse-command-args.js';
import { SERVE_COMMAND } from './serve-command.js';

const parse = (argv: string[]) => parseCommandArgs('serve', SERVE_COMMAND, argv, SERVE_COMMAND.optionalValues).values;

describe('p1 serve arguments', () => {
  it('takes --host alone as every interface, and --host ADDR as that address', () => {
    expect(parse(['--host'])).toMatchObject({ host: '0.0.0.0' });
    expect(parse(['--host', '--http-port', '80'])).toMatchObject({ host: '0.0.0.0', 'http-port': '80' });
    expect(parse(['--host', '192.168.1.5'])).toMatchObject({ host: '192.168.1.5' });
    expect(parse([])).not.toHaveProperty('host');
  });
});
