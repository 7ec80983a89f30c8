import { isAnyP1Error, isP1Error } from '@p1/core';
import { describe, expect, it } from 'vitest';
import { isP1SerialError, P1SerialError } from './index.js';

describe('P1SerialError', () => {
  it('is a p1 error by the one guard every p1 error answers, and keeps its own guard and cause', () => {
    const cause = new Error('ENOENT');
    const error = new P1SerialError('port-not-found', '/dev/ttyUSB9 does not exist', { port: '/dev/ttyUSB9', cause });
    expect(isAnyP1Error(error)).toBe(true);
    expect(isP1SerialError(error)).toBe(true);
    expect(isP1Error(error)).toBe(false);
    expect(error.cause).toBe(cause);
    expect(isP1SerialError(new Error('x'))).toBe(false);
  });
});
