import { describe, expect, it } from 'vitest';
import { classifyError, safeUrl } from './classify-error.js';
import { isMqttError } from './mqtt-error.js';

const withCode = (code: number | string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it('makes a refused user name or password (MQTT 3.1.1 and 5) an unauthorized error that says what to check', () => {
    for (const code of [4, 5, 134, 135]) {
      const error = classifyError(withCode(code), 'mqtt://nas:1883');
      expect(isMqttError(error)).toBe(true);
      expect(error.code).toBe('unauthorized');
      expect(error.message).toMatch(/^mqtt:\/\/nas:1883 refused the connection: .*MQTT_USERNAME, MQTT_PASSWORD/);
    }
  });

  it('makes certificate and handshake failures TLS errors that say what to fix', () => {
    expect(classifyError(withCode('SELF_SIGNED_CERT_IN_CHAIN'), 'b').message).toMatch(/TLS with b failed .*--ca FILE/);
    expect(classifyError(withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'b').code).toBe('tls');
    expect(classifyError(withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'b').message).toMatch(/the name or address the certificate was made for/);
    expect(classifyError(withCode('EPROTO'), 'b').message).toMatch(/may not speak TLS/);
  });

  it('makes everything else a fault to retry', () => {
    expect(classifyError(withCode('ECONNREFUSED'), 'b')).toMatchObject({ code: 'unavailable', reason: 'ECONNREFUSED', message: 'b is not reachable (ECONNREFUSED)' });
    expect(classifyError(new Error('Keepalive timeout'), 'b').code).toBe('unavailable');
    expect(classifyError(withCode(2), 'b').code).toBe('refused');
    expect(classifyError(withCode('ECONNRESET'), 'mqtts://b:1883').message).toMatch(/if this port does not speak TLS, use mqtt:\/\//);
    expect(classifyError(withCode('ECONNRESET'), 'mqtt://b:1883').message).toBe('mqtt://b:1883 is not reachable (ECONNRESET)');
  });
});

describe('safeUrl', () => {
  it('drops a user name and password from an address', () => {
    expect(safeUrl('mqtt://user:secret@nas:1883')).toBe('mqtt://nas:1883');
    expect(safeUrl('mqtts://nas:8883')).toBe('mqtts://nas:8883');
  });
});
