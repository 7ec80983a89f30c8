import { MqttError } from './mqtt-error.js';

/** CONNACK reason codes (MQTT 3.1.1 return codes and MQTT 5 reason codes) that retrying will not fix. */
const REFUSALS: Readonly<Record<number, { code: 'unauthorized' | 'refused'; text: string }>> = {
  1: { code: 'refused', text: 'the broker does not speak this MQTT version (try the other protocol version)' },
  2: { code: 'refused', text: 'the broker refused the client id' },
  4: { code: 'unauthorized', text: 'bad user name or password' },
  5: { code: 'unauthorized', text: 'not authorised: the broker wants a user name and password, or this user may not connect' },
  128: { code: 'refused', text: 'the broker refused the connection' },
  132: { code: 'refused', text: 'the broker does not speak this MQTT version (try the other protocol version)' },
  133: { code: 'refused', text: 'the broker refused the client id' },
  134: { code: 'unauthorized', text: 'bad user name or password' },
  135: { code: 'unauthorized', text: 'not authorised: the broker wants a user name and password, or this user may not connect' },
  138: { code: 'refused', text: 'the broker refused the client (banned)' },
  140: { code: 'unauthorized', text: 'bad authentication method' },
};

/** System error codes of a failed TLS handshake. */
const TLS_CODE = /CERT|^ERR_TLS|^ERR_SSL|^EPROTO$|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/**
 * The `MqttError` for an error MQTT.js or the socket reports, with a message that says what to fix. `where` is the
 * broker's address without credentials.
 */
export function classifyError(error: unknown, where: string): MqttError {
  const e = error as { code?: unknown; message?: string };
  const message = e?.message ?? String(error);
  if (typeof e?.code === 'number') {
    const refusal = REFUSALS[e.code];
    if (refusal !== undefined) {
      const hint = refusal.code === 'unauthorized' ? ': check the MQTT user name and password (MQTT_USERNAME, MQTT_PASSWORD or mqtt.username, mqtt.password)' : '';
      return new MqttError(refusal.code, `${where} refused the connection: ${refusal.text}${hint}`, { reason: e.code, cause: error });
    }
  }
  if (typeof e?.code === 'string' && TLS_CODE.test(e.code)) {
    const hint =
      e.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'connect by the name or address the certificate was made for'
        : /EPROTO|ERR_SSL/.test(e.code)
          ? 'the port may not speak TLS: use mqtt:// for a plain port, mqtts:// (often port 8883) for TLS'
          : "give the CA that signed the broker's certificate (--ca FILE, MQTT_CA_FILE or mqtt.caFile)";
    return new MqttError('tls', `TLS with ${where} failed (${e.code}: ${message}): ${hint}`, { reason: e.code, cause: error });
  }
  const reason = typeof e?.code === 'string' || typeof e?.code === 'number' ? e.code : undefined;
  // A plain MQTT port resets a TLS handshake; so can a network fault, hence retried, with the likely cause said.
  const hint = reason === 'ECONNRESET' && /^(mqtts|wss|ssl):/.test(where) ? ': if this port does not speak TLS, use mqtt:// (TLS is often port 8883)' : '';
  return new MqttError('unavailable', `${where} is not reachable (${reason ?? message})${hint}`, { ...(reason !== undefined && { reason }), cause: error });
}

/** The broker's URL without user name or password, for messages. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
