/**
 * One clear line for each way reaching a broker fails, for health and the dashboard. Operators
 * see these at a venue with no one to read a stack trace: say what is wrong and which flag fixes it.
 */
const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);

export function brokerAddress(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || { 'mqtt:': '1883', 'mqtts:': '8883', 'ws:': '80', 'wss:': '443' }[u.protocol] || '';
    return `${u.hostname}${port ? `:${port}` : ''}`;
  } catch {
    return url;
  }
}

export function describeBrokerError(err: Error & { code?: string | number; reason?: string }, url: string): string {
  const where = brokerAddress(url);
  const secure = /^(mqtts|wss):/.test(url);
  const code = err.code;
  if (typeof code === 'number') {
    if (code === 4 || code === 134) return `the broker at ${where} refused the user name or password (check --mqtt-username and --mqtt-password)`;
    if (code === 5 || code === 135) return `the broker at ${where} refused this client: not authorized (check --mqtt-username, --mqtt-password and the broker's access list)`;
    if (code === 2 || code === 133) return `the broker at ${where} refused the client id (set another with --mqtt-client-id)`;
    if (code === 1 || code === 132) return `the broker at ${where} does not speak MQTT 3.1.1`;
    if (code === 3 || code === 136 || code === 137) return `the broker at ${where} is unavailable right now`;
    return `the broker at ${where} refused the connection: ${err.message.replace(/^Connection refused: /, '')}`;
  }
  if (code === 'ECONNREFUSED') return `nothing answers at ${where} (is the broker running, on this port?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot find the broker host ${where.replace(/:\d+$/, '')} (check --mqtt-url)`;
  if (code === 'ETIMEDOUT' || err.message === 'connack timeout') return `no answer from the broker at ${where} in time`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the network cannot reach ${where}`;
  if (typeof code === 'string' && TLS_UNTRUSTED.has(code)) {
    return `TLS failed: the certificate of ${where} is not trusted (${err.message}); give its CA with --mqtt-ca`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `TLS failed: the certificate of ${where} has expired`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS failed: the certificate of ${where} is not for this host name (${err.message})`;
  if (secure && (code === 'ECONNRESET' || code === 'EPROTO' || /SSL|TLS|certificate/i.test(err.message))) {
    return `TLS failed with ${where}: ${err.message} (is it a TLS port? mqtts:// is usually 8883)`;
  }
  if (/Unexpected server response: (\d+)/.test(err.message)) {
    return `the broker at ${where} did not accept a WebSocket (${err.message}); check the path in --mqtt-url`;
  }
  return `cannot reach the broker at ${where}: ${err.message}`;
}
