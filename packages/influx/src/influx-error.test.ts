import { isAnyP1Error, isP1Error } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { InfluxError, isInfluxError } from './index.js';

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
});
