import { isAnyP1Error, isP1Error } from '@p1/core';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InfluxError, isInfluxError } from './index.js';
import { sendBatch } from './send-batch.js';
import { writeRequest } from './write-target.js';

describe('InfluxError', () => {
  it('is a p1 error by the one guard every p1 error answers, and carries the error underneath as cause', () => {
    const cause = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const error = new InfluxError('spool-error', 'cannot write the spool in /x (EACCES)', { path: '/x', cause });
    expect(isAnyP1Error(error)).toBe(true);
    expect(isInfluxError(error)).toBe(true);
    expect(isP1Error(error)).toBe(false);
    expect(error.cause).toBe(cause);
    expect('cause' in new InfluxError('closed', 'closed')).toBe(false);
  });

  it('a server that cannot be reached: unavailable, with the socket error as cause and no secret in it', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const request = writeRequest({ version: 1, url: `http://127.0.0.1:${port}`, database: 'p1', username: 'u', password: 's3cret-pass' });
    const outcome = await sendBatch(request, new TextEncoder().encode('m f=1 1\n'), { gzip: false, timeout: 30_000 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('unavailable');
    expect((outcome.error.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(JSON.stringify({ message: outcome.error.message, cause: String(outcome.error.cause) })).not.toContain('s3cret-pass');
  });
});
